"""The HTML of every page type passes the Nu Html Checker (one JVM start for all pages).

test_pages.py keeps what the server sent for each page type in the session's `html_pages`
folder; this module's name and the ordering hook in conftest.py make it run after them.
"""

from .helpers import PAGE_TYPES, describe_vnu_messages, run_vnu


def test_every_page_type_is_valid_html(html_pages):
    files = sorted(html_pages.glob("*.html"))
    missing = [name for name in PAGE_TYPES if not (html_pages / f"{name}.html").exists()]

    errors = run_vnu(files) if files else []

    problems = []
    if errors:
        problems.append(f"the Nu Html Checker found {len(errors)} errors:")
        problems.append(describe_vnu_messages(errors))
    if missing:
        problems.append(
            f"no HTML for {', '.join(missing)}: their test_pages.py tests failed before "
            "keeping it, or did not run in this session"
        )
    assert not problems, "\n".join(problems)
    assert len(files) >= len(PAGE_TYPES)
