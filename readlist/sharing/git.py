"""git as the engine of a shared list: `readlist git init` (the merge driver set up for a
repository and every clone of it) and `readlist sync` (commit, merge the remote's changes paper
by paper, push). Runs the `git` command; never prints.

Every failure leaves the list whole: a fetch or push that fails changes nothing but the local
commit, a merge git cannot finish is aborted, and a merge that only left clashes keeps the
merged list (each clash written in its record) for `readlist resolve-conflict`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from readlist.errors import ConflictError, GitError, NetworkError

DRIVER = "readlist"
CONFIG_FILE = ".readlist.gitconfig"
ATTRIBUTES_FILE = ".gitattributes"
IGNORE_FILE = ".gitignore"
DRIVER_NAME = "readlist: merge reading lists paper by paper"
DRIVER_COMMAND = "readlist merge-driver %O %A %B %P"
CONFIG_TEXT = f"""\
# The merge driver of readlist (committed; `readlist git init` in a clone includes it).
[merge "{DRIVER}"]
\tname = {DRIVER_NAME}
\tdriver = {DRIVER_COMMAND}
"""
INCLUDE_PATH = f"../{CONFIG_FILE}"  # relative to .git/config


@dataclass
class Git:
    """git run in one repository, with readlist's own command first on PATH so the merge driver
    is this readlist (whatever is installed elsewhere)."""

    root: Path

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        here = str(Path(sys.argv[0]).resolve().parent) if sys.argv and sys.argv[0] else ""
        own = str(Path(sys.executable).parent)
        env["PATH"] = os.pathsep.join(p for p in (own, here, env.get("PATH", "")) if p)
        env.setdefault("GIT_TERMINAL_PROMPT", "0")  # never wait for a password nobody types
        env["LC_ALL"] = "C"  # git's messages in English, as they are quoted to the user
        return env

    def run(
        self, *args: str, check: bool = True, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=self.root,
                env=self.env(),
                capture_output=True,
                text=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except FileNotFoundError:
            raise GitError("git is not installed: install it (https://git-scm.com) first") from None
        except subprocess.TimeoutExpired:
            raise NetworkError(f"git {args[0]} took more than {timeout:.0f} s; try again") from None
        if check and done.returncode != 0:
            raise GitError(f"git {' '.join(args)} failed: {last_line(done.stderr)}")
        return done

    def out(self, *args: str) -> str:
        return self.run(*args).stdout.strip()

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0


def last_line(text: str) -> str:
    """git's reason: the last line that says something (hints skipped)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("hint:")]
    return lines[-1] if lines else "no reason given"


def repository(list_path: Path) -> tuple[Git, str]:
    """The repository holding the list, and the list's path inside it (with /)."""
    folder = list_path.resolve().parent
    if not folder.is_dir():
        raise GitError(f"{list_path}: its folder does not exist")
    probe = Git(folder)
    done = probe.run("rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise GitError(
            f"{list_path} is not in a git repository; run `git init` in its folder (or clone "
            "the shared list), then `readlist git init`"
        )
    root = Path(done.stdout.strip())
    return Git(root), list_path.resolve().relative_to(root.resolve()).as_posix()


def user_name(list_path: Path) -> str | None:
    """git's user.name where the list lives (None without git or a name)."""
    folder = list_path.resolve().parent
    if not folder.is_dir():
        return None
    try:
        done = Git(folder).run("config", "user.name", check=False)
    except GitError:
        return None
    return done.stdout.strip() or None


# --- readlist git init ----------------------------------------------------------------------


@dataclass
class SetupResult:
    root: Path
    path: str
    written: list[str] = field(default_factory=list)  # files created or changed
    included: bool = False  # the include was added to this clone's .git/config
    on_path: bool = True  # `readlist` is found on PATH (git runs the driver by that name)


def _pattern(path: str) -> str:
    """The list's path as a .gitattributes pattern (spaces cannot be written as they are)."""
    return "/" + "".join("[ ]" if c == " " else ("\\" + c if c in "*?[]\\#!" else c) for c in path)


def setup(list_path: Path) -> SetupResult:
    """Make git merge the list with readlist: the committed attribute and driver config, and
    the include of that config in this clone (what a fresh clone needs too)."""
    git, path = repository(list_path)
    result = SetupResult(git.root, path)
    pattern = _pattern(path)
    if _add_lines(git.root / ATTRIBUTES_FILE, [f"{pattern} merge={DRIVER}"]):
        result.written.append(ATTRIBUTES_FILE)
    # The backup, the lock and the journal are this machine's, not the lab's.
    from readlist.paths import COMPANION_SUFFIXES

    companions = [f"{pattern}{suffix}" for suffix in COMPANION_SUFFIXES.values()]
    if _add_lines(git.root / IGNORE_FILE, companions):
        result.written.append(IGNORE_FILE)
    config = git.root / CONFIG_FILE
    if not config.exists() or config.read_text(encoding="utf-8") != CONFIG_TEXT:
        _write(config, CONFIG_TEXT)
        result.written.append(CONFIG_FILE)
    includes = git.run("config", "--local", "--get-all", "include.path", check=False).stdout.split()
    if INCLUDE_PATH not in includes:
        git.run("config", "--local", "--add", "include.path", INCLUDE_PATH)
        result.included = True
    result.on_path = shutil.which("readlist") is not None
    return result


def _add_lines(path: Path, lines: list[str]) -> bool:
    """Append the lines `path` lacks; True when it changed."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    missing = [line for line in lines if line not in existing.splitlines()]
    if not missing:
        return False
    joined = existing + ("" if not existing or existing.endswith("\n") else "\n")
    _write(path, joined + "".join(f"{line}\n" for line in missing))
    return True


def _write(path: Path, text: str) -> None:
    """A file of the repository, by the one atomic write: a crash never leaves half a
    .gitattributes, and a new file gets the usual permissions (it is committed and shared)."""
    from readlist import disk

    disk.atomic_write(path, text.encode("utf-8"), new_mode=disk.public_mode())


def driver_ready(git: Git, path: str) -> bool:
    """True when git would merge `path` with readlist's driver."""
    attribute = git.run("check-attr", "merge", "--", path, check=False).stdout
    return attribute.strip().endswith(f": merge: {DRIVER}")


# --- readlist sync --------------------------------------------------------------------------


@dataclass
class SyncResult:
    remote: str = ""
    branch: str = ""
    committed: str | None = None  # the commit message of the list's changes
    concluded: bool = False  # a merge left by an earlier sync was committed
    merged: bool = False  # the remote's changes were merged in
    pushed: bool = False
    up_to_date: bool = False


def _remote(git: Git, branch: str) -> str:
    configured = git.run("config", f"branch.{branch}.remote", check=False).stdout.strip()
    remotes = git.out("remote").split()
    if configured and configured in remotes:
        return configured
    if not remotes:
        return ""
    return "origin" if "origin" in remotes else remotes[0]


def _url(git: Git, remote: str) -> str:
    return git.run("remote", "get-url", remote, check=False).stdout.strip() or remote


def _unmerged(git: Git) -> list[str]:
    return git.out("diff", "--name-only", "--diff-filter=U").splitlines()


def _dirty(git: Git, path: str) -> bool:
    return bool(git.out("status", "--porcelain", "--", path))


def _head_bytes(git: Git, path: str) -> bytes:
    done = subprocess.run(
        ["git", "show", f"HEAD:{path}"],
        cwd=git.root,
        capture_output=True,
        check=False,
        env=git.env(),
    )
    return done.stdout if done.returncode == 0 else b""


def sync(list_path: Path, clashes: Callable[[], int], *, message: str | None = None) -> SyncResult:
    """Commit the list's changes, merge the remote's, push. `clashes()` counts the conflicts
    the list on disk holds (the caller reads the list; this module only runs git)."""
    git, path = repository(list_path)
    branch = git.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False).stdout.strip()
    if not branch:
        raise GitError(
            "the repository is not on a branch (detached HEAD); `git switch` to one first"
        )
    result = SyncResult(branch=branch)
    if not driver_ready(git, path):
        raise GitError(
            f"git would merge {path} line by line; run `readlist git init` first (once per clone)"
        )
    if git.ok("rev-parse", "-q", "--verify", "MERGE_HEAD"):
        result.concluded = _conclude(git, path, clashes)
    elif clashes():
        raise ConflictError(
            f"{path} holds unresolved conflicts; `readlist conflicts` lists them, "
            "`readlist resolve-conflict` resolves them; nothing was committed"
        )
    if _dirty(git, path):
        result.committed = message or _describe(git, path)
        git.run("add", "--", path)
        _commit(git, "-m", result.committed, "--", path)
    remote = _remote(git, branch)
    if not remote:
        done = f"committed locally as {result.committed!r}; " if result.committed else ""
        raise GitError(
            f"no remote to sync with: {done}add one with `git remote add origin URL`, "
            "then run `readlist sync` again"
        )
    result.remote = remote
    for attempt in range(3):
        _fetch(git, remote, result)
        tracking = f"refs/remotes/{remote}/{branch}"
        if git.ok("rev-parse", "-q", "--verify", tracking):
            before = git.out("rev-parse", "HEAD")
            _merge(git, path, remote, branch, clashes, result)
            result.merged = result.merged or git.out("rev-parse", "HEAD") != before
            if git.out("rev-parse", "HEAD") == git.out("rev-parse", tracking):
                result.up_to_date = (
                    not result.committed and not result.merged and not result.concluded
                )
                return result
        pushed = git.run(
            "push", "--porcelain", "-u", remote, f"HEAD:refs/heads/{branch}", check=False
        )
        if pushed.returncode == 0:
            result.pushed = True
            return result
        rejected = "[rejected]" in pushed.stdout or "fetch first" in pushed.stderr
        if not rejected or attempt == 2:
            raise GitError(
                f"{_url(git, remote)} refused the push: "
                f"{last_line(pushed.stderr + pushed.stdout)}; "
                "your changes are committed locally and the list is whole; run `readlist sync` "
                "again once the remote accepts pushes"
            )
        # Someone pushed meanwhile: fetch, merge and try again.
    return result


def _fetch(git: Git, remote: str, result: SyncResult) -> None:
    fetched = git.run("fetch", "--quiet", remote, check=False)
    if fetched.returncode != 0:
        done = f"committed locally as {result.committed!r}; " if result.committed else ""
        raise NetworkError(
            f"cannot reach the remote {remote} ({_url(git, remote)}): "
            f"{last_line(fetched.stderr)}; {done}the list is whole. Run `readlist sync` again "
            "when it is reachable"
        )


def _merge(
    git: Git, path: str, remote: str, branch: str, count: Callable[[], int], result: SyncResult
) -> None:
    driver = f"{shlex_quote(sys.executable)} -m readlist merge-driver %O %A %B %P"
    merged = git.run(
        "-c",
        f"merge.{DRIVER}.driver={driver}",
        "merge",
        "--no-edit",
        "--quiet",
        f"{remote}/{branch}",
        check=False,
    )
    if merged.returncode == 0:
        return
    unmerged = _unmerged(git)
    if not git.ok("rev-parse", "-q", "--verify", "MERGE_HEAD"):
        raise GitError(
            f"git could not merge {remote}/{branch}: "
            f"{last_line(merged.stderr + merged.stdout)}; the list is unchanged"
        )
    clashes_left = count() if unmerged == [path] else 0
    if unmerged == [path] and clashes_left:
        raise ConflictError(
            f"merging {remote}/{branch} left {clashes_left} conflict"
            f"{'' if clashes_left == 1 else 's'} in {path}; the list is whole and each "
            "conflict is written in its record: `readlist conflicts` lists them, `readlist "
            "resolve-conflict` resolves them, then run `readlist sync` again"
        )
    reason = last_line(merged.stderr + merged.stdout)
    git.run("merge", "--abort", check=False)
    others = [p for p in unmerged if p != path]
    if others:
        raise GitError(
            f"merging {remote}/{branch} conflicts in {', '.join(others)} (not the list); the merge "
            "was undone and the list is as it was: merge those files with git"
        )
    raise GitError(
        f"could not merge {remote}/{branch}: {reason}; the merge was undone and the list is "
        "as it was"
    )


def _conclude(git: Git, path: str, count: Callable[[], int]) -> bool:
    left = count()
    if left:
        raise ConflictError(
            f"{left} conflict{'' if left == 1 else 's'} from the last merge remain in {path}: "
            "`readlist conflicts` lists them, `readlist resolve-conflict` resolves them"
        )
    others = [p for p in _unmerged(git) if p != path]
    if others:
        raise GitError(
            f"finish the merge of {', '.join(others)} with git first (the list is merged)"
        )
    git.run("add", "--", path)
    _commit(git, "--no-edit")
    return True


def _commit(git: Git, *args: str) -> None:
    done = git.run("commit", "--quiet", *args, check=False)
    if done.returncode != 0:
        raise GitError(
            f"git refused the commit: {last_line(done.stderr + done.stdout)} (a commit hook, or "
            "no user.name/user.email?); nothing was committed and the list is unchanged"
        )


def _describe(git: Git, path: str) -> str:
    from readlist.sharing.changes import describe

    return describe(_head_bytes(git, path), (git.root / path).read_bytes())


def shlex_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
