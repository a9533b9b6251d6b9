"""Writing outputs: atomically, and never over a plan file."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

from .errors import UsageError, display_path


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write via a temporary file in the same directory and rename it into place.

    A reader (or a crash) sees the old file or the new one, never half of one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _inside(path: Path, directory: Path) -> bool:
    try:
        path.resolve().relative_to(directory.resolve())
        return True
    except ValueError:
        return False


def check_output_path(output: Path, plans_dir: Path | None = None) -> None:
    """Refuse an output path inside the plans directory: reports must not clobber evidence."""
    from .load import resolve_plans_dir

    try:
        directory = resolve_plans_dir(plans_dir)
    except UsageError:
        return
    if _inside(output, directory):
        raise UsageError(f"{display_path(output)}: refusing to write inside the plans directory {display_path(directory)}")
    if output.exists() and output.is_dir():
        raise UsageError(f"{display_path(output)}: is a directory")
    if output.suffix.lower() in (".yaml", ".yml") and output.exists():
        # A plan given by path may live outside the plans directory: `-o` must not clobber it either.
        raise UsageError(f"{display_path(output)}: refusing to overwrite a YAML file (it may be a plan)")


def write_output(text: str, output: Path | None, plans_dir: Path | None = None) -> None:
    """Print to stdout, or write ``output`` atomically."""
    if output is None or str(output) == "-":
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:
            # stdout is not UTF-8 (PYTHONIOENCODING=ascii, an old locale): reports are UTF-8
            # documents, so send their bytes as they would be written to a file.
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is None:
                raise UsageError("cannot print the report in this terminal's encoding: use -o FILE") from None
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        sys.stdout.flush()
        return
    check_output_path(output, plans_dir)
    try:
        atomic_write(output, text)
    except OSError as exc:
        raise UsageError(f"{display_path(output)}: cannot write: {exc.strerror or exc}") from None


_TEMP = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")


def remove_stale_temps(directory: Path, names: set[str]) -> list[Path]:
    """Remove temporary files that ``atomic_write`` left for ``names`` in ``directory``
    when a process was killed (SIGKILL, power loss) between writing and renaming."""
    removed = []
    if not directory.is_dir():
        return removed
    for entry in sorted(directory.iterdir()):
        match = _TEMP.match(entry.name)
        if match and match.group("name") in names and entry.is_file() and not entry.is_symlink():
            try:
                entry.unlink()
                removed.append(entry)
            except OSError:
                pass
    return removed
