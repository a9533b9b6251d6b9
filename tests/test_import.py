"""Adding a plan version: `clausediff import` (plain text -> plan) and `clausediff new`."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from clausediff.categorize import evaluate
from clausediff.importer import join_lines, parse_text
from clausediff.load import load_library
from clausediff.plaintext import plan_to_text

from .conftest import FIXTURES, SHIPPED_PLANS

IMPORT_FIXTURES = FIXTURES / "import"
URL = "https://example.org/draft"


def clauses(text: str, lang: str | None = None) -> list[tuple[str, str]]:
    return [(c.id, c.text) for c in parse_text(text, lang=lang).clauses]


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A scratch directory with a copy of the shipped plans in ./plans."""
    shutil.copytree(SHIPPED_PLANS, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def library():
    return load_library(SHIPPED_PLANS)


# --------------------------------------------------------------------------- numbering shapes


@pytest.mark.parametrize(
    "text",
    [
        "Title\n1. First point.\n2. Second point.\n",
        "Title\n1) First point.\n2) Second point.\n",
        "Title\n(1) First point.\n(2) Second point.\n",
        "Title\nPoint 1: First point.\nPoint 2: Second point.\n",
        "Title\n\nPOINT 1. First point.\n\nPoint 2 — Second point.\n",
    ],
    ids=["1.", "1)", "(1)", "Point 1:", "POINT 1. / Point 2 —"],
)
def test_point_numbering_shapes(text):
    assert clauses(text) == [("1", "First point."), ("2", "Second point.")]


@pytest.mark.parametrize(
    "marks",
    [("a.", "b."), ("(a)", "(b)"), ("a)", "b)"), ("-", "-"), ("•", "•"), ("*", "*"), ("10.a", "10.b")],
    ids=["a.", "(a)", "a)", "dash", "bullet", "asterisk", "10.a"],
)
def test_sub_points_and_bullets_get_letters_under_their_point(marks):
    first, second = marks
    text = f"Title\n10. The guarantee, on these terms:\n   {first} compensation;\n   {second} no attack.\n11. Next.\n"
    parsed = parse_text(text)
    assert [(c.id, c.text, c.parent) for c in parsed.clauses] == [
        ("10", "The guarantee, on these terms:", None),  # the lead-in is a clause of its own
        ("10.a", "compensation;", "10"),
        ("10.b", "no attack.", "10"),
        ("11", "Next.", None),
    ]
    assert parsed.warnings == []


def test_bullets_continue_the_lettering_after_lettered_sub_points():
    text = "T\n1. Lead:\n(a) one\n(b) two\n• three\n"
    assert [c.id for c in parse_text(text).clauses] == ["1", "1.a", "1.b", "1.c"]


@pytest.mark.parametrize(
    "headings",
    [("Section I: Main parameters", "Section II: Ceasefire"), ("I. Main parameters", "II. Ceasefire"),
     ("I.\nMain parameters", "II.\nCeasefire"), ("Part I - Main parameters", "PART II — Ceasefire")],
    ids=["Section I:", "I. Title", "I. then title", "Part I"],
)
def test_roman_sections_prefix_clause_ids_like_the_memoranda(headings):
    one, two = headings
    text = f"Memorandum\n\n{one}\n\n1. Recognition.\n2. Neutrality.\n\n{two}\n\n1. Withdrawal.\n   a. within 30 days\n"
    parsed = parse_text(text)
    assert [(s.id, s.title) for s in parsed.sections] == [("I", "Main parameters"), ("II", "Ceasefire")]
    assert [(c.id, c.section) for c in parsed.clauses] == [
        ("I.1", "I"), ("I.2", "I"), ("II.1", "II"), ("II.1.a", "II")]


def test_sub_sections_give_ids_like_ru_memorandum():
    text = ("Memo\n\nI. Parameters\n\n1. Neutrality.\n\nII. Ceasefire conditions\n\nII.1. Option 1: withdrawal\n\n"
            "1. Ukraine withdraws.\n\nSection II.2: Option 2\n\n1. No redeployment.\n2. Demobilisation.\n\n"
            "III. Steps\n\n1. Sign.\n")
    parsed = parse_text(text)
    assert [(s.id, s.title) for s in parsed.sections] == [
        ("I", "Parameters"), ("II", "Ceasefire conditions"), ("II.1", "Option 1: withdrawal"), ("II.2", "Option 2"),
        ("III", "Steps")]
    assert [(c.id, c.section) for c in parsed.clauses] == [
        ("I.1", "I"), ("II.1.1", "II.1"), ("II.2.1", "II.2"), ("II.2.2", "II.2"), ("III.1", "III")]


def test_an_excerpt_may_start_at_a_later_section_when_it_says_section():
    parsed = parse_text("Excerpt\n\nSection III: Steps\n\n1. Sign.\n")
    assert [c.id for c in parsed.clauses] == ["III.1"]


def test_clause_ids_written_with_their_section():
    text = "Memo\n\nI. Principles\n\nI.1. Ceasefire first.\nI.2. Prisoners exchanged.\n"
    assert [(c.id, c.section) for c in parse_text(text).clauses] == [("I.1", "I"), ("I.2", "I")]


def test_a_name_initial_is_not_a_section_heading():
    text = "Title\n1. The plan was presented to\nV. Zelensky in Kyiv.\n"
    parsed = parse_text(text)
    assert parsed.sections == []
    assert [(c.id, c.text) for c in parsed.clauses] == [("1", "The plan was presented to V. Zelensky in Kyiv.")]


@pytest.mark.parametrize(
    "marks",
    [("１．", "２．"), ("1．", "2．"), ("第1項", "第2項"), ("第１条", "第２条"), ("（１）", "（２）"),
     ("(1)", "(2)"), ("①", "②"), ("1、", "2、")],
    ids=["１．", "1．", "第1項", "第１条", "（１）", "(1)", "①", "1、"],
)
def test_japanese_point_numbering(marks):
    first, second = marks
    text = f"和平案\n{first}ウクライナの主権を確認する。\n{second}　ウクライナ軍の兵力の上限を\n６０万人とする。\n"
    parsed = parse_text(text)
    assert parsed.lang == "ja"
    # A wrapped Japanese line joins without a space; full-width digits in the text are kept.
    assert [(c.id, c.text) for c in parsed.clauses] == [
        ("1", "ウクライナの主権を確認する。"), ("2", "ウクライナ軍の兵力の上限を６０万人とする。")]


@pytest.mark.parametrize("marks", [("（ａ）", "（ｂ）"), ("（a）", "（b）"), ("ア　", "イ　"), ("（ア）", "（イ）"), ("・", "・")])
def test_japanese_sub_points(marks):
    first, second = marks
    text = f"和平案\n１０．米国は次の条件で保証する。\n{first}対価を受け取る。\n{second}保証を失う。\n"
    assert clauses(text) == [("10", "米国は次の条件で保証する。"), ("10.a", "対価を受け取る。"), ("10.b", "保証を失う。")]


def test_japanese_parts_and_sections():
    text = "覚書\n\n第1部　最終的解決の基本条件\n\n1．主権を確認する。\n\n第2部　停戦の条件\n\n第1節　案1\n\n1．撤退する。\n"
    parsed = parse_text(text)
    assert [(s.id, s.title) for s in parsed.sections] == [("I", "最終的解決の基本条件"), ("II", "停戦の条件"), ("II.1", "案1")]
    assert [c.id for c in parsed.clauses] == ["I.1", "II.1.1"]


def test_japanese_fixture_file():
    parsed = parse_text((IMPORT_FIXTURES / "japanese.txt").read_text(encoding="utf-8"))
    assert parsed.lang == "ja"
    assert parsed.preamble[0] == "ウクライナ和平の枠組み（改訂案・仮訳）"
    assert [c.id for c in parsed.clauses] == ["1", "2", "3", "3.a", "3.b", "4", "5"]
    assert parsed.clause("2").text == "ウクライナ軍の兵力は、平時において80万人を上限とする。"
    assert parsed.clause("4").text == "ザポリージャ原子力発電所は、国際原子力機関（IAEA）の監督下で米国とウクライナが共同で運営する。"
    assert parsed.ignored  # the page number and the repeated header
    assert [w.line for w in parsed.warnings] == []


# --------------------------------------------------------------------------- joining and furniture


def test_wrapped_lines_join_with_a_space_in_latin_text_and_without_in_japanese():
    assert join_lines("to be capped at", "600,000 personnel") == "to be capped at 600,000 personnel"
    assert join_lines("兵力の上限を", "60万人とする。") == "兵力の上限を60万人とする。"
    assert join_lines("NATOに", "加盟しない") == "NATOに加盟しない"
    assert join_lines("cease-", "fire") == "cease-fire"  # the hyphen may be real: kept, and reported


def test_a_number_inside_a_wrapped_sentence_is_not_a_new_point():
    text = "T\n1. The treaty is signed on 1 December\n2025. It enters into force.\n2. Then the parties meet in point\n5. of the text.\n3. Done.\n"
    assert clauses(text) == [
        ("1", "The treaty is signed on 1 December 2025. It enters into force."),
        ("2", "Then the parties meet in point 5. of the text."),
        ("3", "Done."),
    ]


def test_numbers_out_of_sequence_are_kept_as_text_and_reported():
    parsed = parse_text("T\n1. One.\n2. Two.\n\n1. Again.\n3. Three.\n")
    assert [(c.id, c.text) for c in parsed.clauses] == [("1", "One."), ("2", "Two. 1. Again."), ("3", "Three.")]
    assert [str(w) for w in parsed.warnings] == ['line 5: "1" is out of sequence after point 2; joined to clause "2" as text']


def test_messy_real_world_text():
    parsed = parse_text((IMPORT_FIXTURES / "messy.txt").read_text(encoding="utf-8"))
    assert parsed.preamble == [
        "Full text: the revised 12-point peace framework",
        "The document below was shared with reporters on Sunday. We publish it as received; "
        "the numbering is the document's own.",
    ]
    assert [c.id for c in parsed.clauses] == ["1", "2", "3", "3.a", "3.b", "3.c", "4", "5", "5.a", "5.b", "6", "7", "8", "9"]
    got = {c.id: c.text for c in parsed.clauses}
    assert got["2"] == "Ukraine's armed forces are to remain at 800,000 personnel in peacetime."
    assert got["3.b"] == "the guarantees become void if Ukraine attacks Russia without provocation;"
    # Split by a page break, a page number and a running header in mid-sentence: joined again.
    assert got["7"] == ("The Zaporizhzhia nuclear power plant is to be operated jointly, with the electricity "
                        "shared between Ukraine and the United States, and the plant is to remain under IAEA supervision.")
    assert got["8"] == "Frozen Russian assets are to be used to rebuild Ukraine."
    # Page furniture is ignored: the header (twice), the lone URL, the advert, page numbers.
    assert parsed.ignored == [1, 2, 9, 28, 30, 43, 44, 54]
    # Nothing else silently dropped: every line left out is reported with its number.
    assert [str(w) for w in parsed.warnings] == [
        'line 23: not part of any numbered point; left out: "Officials said the wording of point 3 was still being discu…"',
        'line 39: clause "6": a word broken at a line end was joined as "re-sults"; check whether the hyphen belongs',
        'line 53: not part of any numbered point; left out: "Reporting by Jane Doe; editing by John Roe."',
    ]


def test_every_line_is_accounted_for_in_the_messy_text():
    text = (IMPORT_FIXTURES / "messy.txt").read_text(encoding="utf-8")
    parsed = parse_text(text)
    lines = text.split("\n")
    blank = {i + 1 for i, line in enumerate(lines) if not line.strip()}
    reported = {w.line for w in parsed.warnings if "left out" in w.message}
    # Every non-blank line is furniture, reported, or part of the preamble or of a clause.
    body = " ".join(parsed.preamble + [c.text for c in parsed.clauses])
    for n, line in enumerate(lines, 1):
        if n in blank or n in parsed.ignored or n in reported:
            continue
        words = line.strip().lstrip("•-*()abc0123456789.):").split()
        assert all(w in body or w.rstrip("-") in body for w in words[-2:]), (n, line)


# --------------------------------------------------------------------------- round trip of the shipped plans


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_round_trip_of_every_shipped_plan_recovers_ids_and_texts(library, lang):
    for plan in library.plans.values():
        parsed = parse_text(plan_to_text(plan, lang), lang=lang)
        want = [(c.id, ((c.text_ja or c.text) if lang == "ja" else c.text)) for c in plan.clauses]
        assert [(c.id, c.text) for c in parsed.clauses] == want, plan.id
        assert [c.section for c in parsed.clauses] == [c.section for c in plan.clauses], plan.id
        assert [s.id for s in parsed.sections] == [s.id for s in plan.sections], plan.id
        assert parsed.warnings == [], plan.id


def test_auto_categories_agree_with_the_curation_on_80_percent(library):
    result = evaluate(library.plans.values(), library.taxonomy, "en")
    print("\n" + result.table())
    assert all(p.ids_exact for p in result.plans) and not result.problems
    assert result.agreement >= 0.80
    worst = result.worst()
    assert worst is not None and worst in library.taxonomy.ids()


def test_japanese_auto_categories_agree_too(library):
    assert evaluate(library.plans.values(), library.taxonomy, "ja").agreement >= 0.80


def test_taxonomy_keywords_are_lower_case_and_never_just_numbers(library):
    ids = [c.id for c in library.taxonomy.categories]
    assert len(ids) == 16 and ids[0] == "sovereignty" and ids[-1] == "implementation"
    for category in library.taxonomy.categories:
        for word in category.keywords.en + category.keywords.ja:
            assert word == word.lower() and word.strip() == word, word
            assert not word.replace(" ", "").replace(".", "").replace(",", "").isdigit(), word


def test_categoriser_reports_confidence_and_secondaries(library):
    from clausediff.categorize import categorise

    guess = categorise("Sanctions are to be lifted, and the frozen assets are to fund reconstruction.", library.taxonomy)
    assert guess.categories == ["economy", "sanctions"]
    assert guess.hits == {"economy": ["frozen assets", "fund", "reconstruction"], "sanctions": ["sanctions", "lifted"]}
    assert 0 < guess.ranked[1].confidence < guess.confidence <= 1
    assert not categorise("The parties will meet monthly.", library.taxonomy)
    assert categorise("停戦の監視は米国が主導する。", library.taxonomy).primary == "ceasefire"


# --------------------------------------------------------------------------- the import command


def _import(cli, *extra, source="walkthrough.txt"):
    args = ["import", str(IMPORT_FIXTURES / source) if source != "-" else "-", "--id", "my-draft", "--date", "2025-11-30",
            "--party", "Ukraine", "--party", "United States", "--source-url", URL]
    return cli(*args, *extra)


def test_import_writes_a_valid_readable_plan(cli, workdir):
    result = _import(cli, "--base", "us-ua-19-point", "-o", "plans/my-draft.yaml")
    assert result.exit_code == 0, result.output
    text = (workdir / "plans" / "my-draft.yaml").read_text(encoding="utf-8")
    assert 'id: "22"' in text and "text: >-" in text and "categories: [" in text
    data = yaml.safe_load(text)
    assert list(data) == ["id", "title", "parties", "date", "kind", "completeness", "supersedes",
                          "responds_to", "language", "sources", "clauses"]
    assert list(data["clauses"][0]) == ["id", "text", "categories", "links", "note"]
    assert data["supersedes"] == "us-ua-19-point" and data["kind"] == "revision"
    assert data["title"] == "Draft revision of the 19-point plan (illustrative)"  # the line before point 1
    assert cli("validate", "plans/my-draft.yaml").exit_code == 0
    assert cli("validate").exit_code == 0  # and with every other plan


def test_import_suggests_links_and_marks_every_guess_for_review(cli, workdir):
    result = _import(cli, "--base", "us-ua-19-point", "-o", "plans/my-draft.yaml")
    plan = load_library("plans").plans["my-draft"]
    by_id = {c.id: c for c in plan.clauses}
    assert {cid: c.links for cid, c in by_id.items()} == {
        "4": {"us-ua-19-point": ["4"]}, "6": {"us-ua-19-point": ["6"]}, "8": {"us-ua-19-point": ["8"]},
        "10": {"us-ua-19-point": ["10"]}, "21": {"us-ua-19-point": ["21"]}, "22": {}}
    assert all(c.note.startswith("review: ") for c in plan.clauses)
    assert by_id["6"].categories == ["armed-forces"]
    assert "auto-categorised (confidence 0." in by_id["6"].note
    assert 'suggested link to us-ua-19-point "6" (modified' in by_id["6"].note
    # Text identical to the base: the curated categories are copied, and said so.
    assert by_id["4"].categories == ["russia-west", "nato-neutrality"]
    assert 'same text as us-ua-19-point "4"' in by_id["4"].note
    # No keyword: filed under the fallback, listed on stderr with its line, never dropped.
    assert by_id["22"].categories == ["implementation"]
    assert 'line 16: clause "22": could not categorise; filed under implementation for review' in result.stderr.splitlines()


def test_uncategorised_clause_takes_its_link_partners_category(cli, workdir):
    (workdir / "draft.txt").write_text("Draft\n\n21. Left in brackets for Presidents Trump and Zelensky to decide.\n",
                                      encoding="utf-8")
    result = cli("import", "draft.txt", "--id", "d", "--date", "2025-11-30", "--party", "Ukraine",
                 "--source-url", URL, "--base", "us-ua-19-point")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    assert data["clauses"][0]["categories"] == ["territory"]
    assert data["clauses"][0]["links"] == {"us-ua-19-point": ["21"]}
    assert 'line 3: clause "21": could not categorise; filed under territory for review' in result.stderr


def test_import_output_is_deterministic(cli, workdir):
    first = _import(cli, "--base", "us-ua-19-point")
    second = _import(cli, "--base", "us-ua-19-point")
    assert first.exit_code == 0 and first.stdout == second.stdout
    assert first.stdout.startswith("# Imported by `clausediff import`")


def test_import_reads_standard_input(cli, workdir):
    text = (IMPORT_FIXTURES / "messy.txt").read_text(encoding="utf-8")
    result = cli("import", "-", "--id", "messy", "--date", "2025-12-01", "--party", "Ukraine",
                 "--source-url", URL, input=text)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    assert data["title"] == "Full text: the revised 12-point peace framework"
    assert data["summary"].startswith("The document below was shared")
    assert data["kind"] == "proposal" and data["supersedes"] is None
    assert [c["id"] for c in data["clauses"]][:3] == ["1", "2", "3"]
    assert "line 23: not part of any numbered point" in result.stderr
    assert "<stdin>" in result.stdout.splitlines()[0]


def test_import_japanese_text(cli, workdir):
    result = cli("import", IMPORT_FIXTURES / "japanese.txt", "--id", "ja-draft", "--date", "2025-12-01",
                 "--party", "Ukraine", "--source-url", URL, "--base", "ua-us-20-point", "-o", "plans/ja-draft.yaml")
    assert result.exit_code == 0, result.output
    plan = load_library("plans").plans["ja-draft"]
    assert plan.language == "ja" and plan.title_ja == plan.title
    c2 = plan.clause("2")
    assert c2.text_ja == c2.text == "ウクライナ軍の兵力は、平時において80万人を上限とする。"
    assert c2.categories[0] == "armed-forces"
    assert c2.links == {"ua-us-20-point": ["4"]}


def test_import_refuses_to_overwrite_without_force(cli, workdir):
    assert _import(cli, "-o", "plans/my-draft.yaml").exit_code == 0
    again = _import(cli, "-o", "plans/my-draft.yaml")
    assert again.exit_code == 2
    assert again.stderr.strip() == "plans/my-draft.yaml: already exists; use --force to replace it"
    assert _import(cli, "-o", "plans/my-draft.yaml", "--force").exit_code == 0


def test_import_file_name_must_match_the_id(cli, workdir):
    result = _import(cli, "-o", "plans/other.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == 'plans/other.yaml: the file of plan "my-draft" must be named my-draft.yaml'


@pytest.mark.parametrize(
    "args, message",
    [
        (["--source-url", None], "missing --source-url: plan files cite where the text was published (an http:// or https:// address)"),
        (["--source-url", "example.org/x"], '--source-url "example.org/x": not an http:// or https:// address'),
        (["--date", "30/11/2025"], '--date "30/11/2025": expected a date as YYYY-MM-DD, e.g. 2025-11-30'),
        (["--date", "2025-02-30"], '--date "2025-02-30": expected a date as YYYY-MM-DD, e.g. 2025-11-30'),
        (["--base", "us-ua-19-pt"], '--base: unknown plan "us-ua-19-pt" (did you mean "us-ua-19-point"?); `clausediff plans` lists them'),
        (["--id", "My Draft"], '--id "My Draft": use lower-case letters, digits and hyphens such as "my-draft"'),
        (["--id", "us-28-point"], 'a plan "us-28-point" already exists (plans/us-28-point.yaml); choose another --id'),
        (["--kind", "revison"], '--kind "revison": use one of proposal, counter-proposal, revision, memorandum, '
                                'framework, agreement, statement (did you mean "revision"?)'),
    ],
)
def test_import_errors_are_one_line_exit_2(cli, workdir, args, message):
    base = {"--id": "my-draft", "--date": "2025-11-30", "--party": "Ukraine", "--source-url": URL}
    option, value = args
    base[option] = value
    argv = ["import", str(IMPORT_FIXTURES / "walkthrough.txt")]
    for k, v in base.items():
        if v is not None:
            argv += [k, v]
    result = cli(*argv)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_import_lists_every_problem_at_once(cli, workdir):
    result = cli("import", "missing.txt", "--date", "tomorrow")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "missing.txt: no such file",
        "missing --id: the new plan's id, e.g. my-draft",
        '--date "tomorrow": expected a date as YYYY-MM-DD, e.g. 2025-11-30',
        "missing --party: who put the plan forward, e.g. --party Ukraine (repeatable)",
        "missing --source-url: plan files cite where the text was published (an http:// or https:// address)",
    ]


def test_import_text_without_numbered_points(cli, workdir):
    result = cli("import", "-", "--id", "x", "--date", "2025-11-30", "--party", "P", "--source-url", URL,
                 input="Just a paragraph of prose.\nNothing numbered.\n")
    assert result.exit_code == 2
    assert result.stderr.strip() == '<stdin>: no numbered points found (expected lines such as "1. ...", "(a) ...", "第1項 ...")'


# --------------------------------------------------------------------------- new


@pytest.mark.parametrize("source", ["us-ua-19-point", "ru-memorandum", "us-28-point"])
def test_new_copies_a_plan_that_diffs_as_all_unchanged(cli, workdir, source):
    result = cli("new", "my-revision", "--from", source, "-o", "my-revision.yaml")
    assert result.exit_code == 0, result.output
    assert cli("validate", "my-revision.yaml").exit_code == 0
    plan = load_library("plans", extra_files=["my-revision.yaml"]).get("my-revision.yaml")
    original = load_library("plans").plans[source]
    assert plan.supersedes == source and plan.kind == "revision" and plan.date == original.date
    assert all(c.links[source] == [c.id] for c in plan.clauses)
    diff = cli("diff", source, "my-revision.yaml", "--format", "json")
    assert diff.exit_code == 0, diff.output
    pairs = json.loads(diff.stdout)["pairs"]
    assert len(pairs) == len(original.clauses)
    assert {p["status"] for p in pairs} == {"unchanged"}
    assert all(p["flags"] == [] for p in pairs)


def test_new_with_title_and_date_to_stdout(cli, workdir):
    result = cli("new", "my-revision", "--from", "us-ua-19-point", "--title", "My revision", "--date", "2025-12-01")
    assert result.exit_code == 0
    data = yaml.safe_load(result.stdout)
    assert (data["title"], str(data["date"])) == ("My revision", "2025-12-01")


def test_new_errors(cli, workdir):
    result = cli("new", "Bad Id", "--date", "soon")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        'ID "Bad Id": use lower-case letters, digits and hyphens such as "bad-id"',
        '--date "soon": expected a date as YYYY-MM-DD, e.g. 2025-11-30',
        "missing --from: the plan to start from, e.g. --from us-ua-19-point",
    ]
    result = cli("new", "x", "--from", "nope")
    assert result.stderr.splitlines() == ['--from: unknown plan "nope"; `clausediff plans` lists them']
    assert cli("new", "x", "--from", "us-28-point", "-o", "plans/x.yaml").exit_code == 0
    result = cli("new", "x", "--from", "us-28-point", "-o", "plans/x.yaml")
    assert result.stderr.splitlines() == ["plans/x.yaml: already exists; use --force to replace it"]
    assert cli("new", "x", "--from", "us-28-point", "-o", "plans/x.yaml", "--force").exit_code == 0


def test_import_and_new_help_have_examples(cli):
    for command in ("import", "new"):
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert "Example: clausediff " + command in result.stdout
