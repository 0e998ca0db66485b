"""Plain text on every page: nothing a person, a link or a file supplies renders as markup.

Streamlit renders Markdown (and its own directives: `:red[…]`, `:material/icon:`) in st.markdown,
st.caption, st.error/warning/info/success, st.title/subheader and widget labels, and turns bare URLs into
links. Text that came from outside the code (URL parameters, agenda names and headings, file names,
headers and cells quoted in a refusal, ward and area names) goes through `plain` first: every character
Markdown or a directive could use is backslash-escaped, so it shows as typed and never becomes a link, an
image or a colour (bare URLs get an invisible word joiner, U+2060, after 'https:' so they stay text).
Our own formatting stays in the f-string around it: `st.error(f"**Refused.** {plain(x)}")`.
"""

from __future__ import annotations

import re

# Markdown's punctuation, plus ':' (directives) and the rest of what Streamlit's Markdown reads.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&^\"'@])")
# GitHub-flavoured Markdown also turns bare 'https://…', 'www.…' and e-mail addresses into links AFTER
# escapes are resolved (it searches the text), so an invisible word joiner breaks each of those patterns.
JOINER = "\u2060"
_AUTOLINK = [(re.compile(r"(?i)(?<=[a-z]):(?=//)"), ":" + JOINER), (re.compile(r"(?i)\bwww\."), "www" + JOINER + "."),
             (re.compile("@"), "@" + JOINER)]


def plain(text: object) -> str:
    """`text` escaped for any Streamlit element that renders Markdown; line breaks are kept."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    for pattern, replacement in _AUTOLINK:
        value = pattern.sub(replacement, value)
    return _SPECIAL.sub(r"\\\1", value)


def plain_lines(text: object) -> str:
    """Like `plain`, with each line of a multi-line message as its own paragraph."""
    return "\n\n".join(plain(line) for line in str(text).splitlines() if line.strip())
