"""`scraper parse` and the command group, run as a user would."""
import gzip
import json
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES

SEED = FIXTURES / "sites" / "southasiatimes.html"


def run(*args, stdin: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "scraper", *args], input=stdin, capture_output=True,
                          timeout=60)


def test_parse_json_and_text(tmp_path):
    out = run("parse", str(SEED), "--url", "https://www.southasiatimes.org/2026/02/x.html")
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert record["authors"] == ["The South Asia Times"]
    assert record["word_count"] > 400
    text = run("parse", str(SEED), "--format", "text")
    assert text.returncode == 0
    assert text.stdout.decode().startswith("Libyan Military and Political Leaders")


def test_parse_gzip_and_stdin(tmp_path):
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress(SEED.read_bytes()))
    assert json.loads(run("parse", str(gz)).stdout)["dateline"] == "ISLAMABAD"
    assert json.loads(run("parse", "-", stdin=SEED.read_bytes()).stdout)["dateline"] == "ISLAMABAD"


@pytest.mark.parametrize("content", [b"", b"   \n", b"\x00\x01\x02binary\xff\xfe" * 50,
                                     b"just some text, no markup", b"\x1f\x8b\x08\x00broken-gzip"])
def test_bad_input_is_one_line_and_exit_2(tmp_path, content):
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    out = run("parse", str(path))
    assert out.returncode == 2
    err = out.stderr.decode()
    assert err.count("\n") == 1 and "Traceback" not in err and str(path) in err


def test_unreadable_file():
    out = run("parse", "/nonexistent/page.html")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr.decode()


def test_every_command_has_help():
    from click.testing import CliRunner

    from scraper.cli import cli
    assert run("--help").returncode == 0                 # the entry point itself, as a user runs it
    for name, command in cli.commands.items():          # each command in-process: a child each took 35 s
        assert command.help, f"scraper {name} has no --help text"
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, (name, result.output)
