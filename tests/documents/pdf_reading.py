"""Read rendered PDFs with the tools a person would use: poppler's pdftotext and pdffonts."""

import html
import re
import subprocess
import tempfile

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pdf_text(pdf: bytes) -> str:
    return _poppler(["pdftotext", "-layout"], pdf, "-")


def pdf_text_of_page(pdf: bytes, number: int) -> str:
    """The text of one page (counted from 1), as ``pdftotext -layout`` lays it out."""
    return _poppler(["pdftotext", "-layout", "-f", str(number), "-l", str(number)], pdf, "-")


def pdf_words(pdf: bytes) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's words with their boxes (x and y from the top left, in points), as
    ``pdftotext -bbox`` finds them."""
    pages = _poppler(["pdftotext", "-bbox"], pdf, "-").split("<page ")[1:]
    return [[(html.unescape(text), *map(float, box)) for *box, text in WORD.findall(page)] for page in pages]


def embedded_fonts(pdf: bytes) -> list[str]:
    """Names of the fonts that pdffonts lists with ``emb`` = yes."""
    lines = _poppler(["pdffonts"], pdf).splitlines()[2:]
    # columns: name, type (may hold spaces), encoding, emb, sub, uni, object, ID
    return [line.split()[0] for line in lines if line.split()[-5] == "yes"]


def pdf_info(pdf: bytes) -> dict[str, str]:
    """pdfinfo's fields, e.g. ``{"Pages": "2", "Page size": "595.276 x 841.89 pts (A4)"}``."""
    lines = _poppler(["pdfinfo"], pdf).splitlines()
    return {name: value.strip() for name, _, value in (line.partition(":") for line in lines)}


def _poppler(command: list[str], pdf: bytes, *arguments: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run([*command, file.name, *arguments], capture_output=True, check=True, text=True).stdout
