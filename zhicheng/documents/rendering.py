"""The shared renderers (文书生成): PDF through Django templates and WeasyPrint, Excel
through openpyxl. Every document of the system is produced by one of them, so fonts,
page numbers, dates and spreadsheet layout are decided here once.

A document of one piece (a certificate, one application) is one WeasyPrint document
(`render_pdf`).  A document that grows with the number of applicants is a `PiecedPdf`:
each piece a WeasyPrint document of a bounded number of forms or rows, written to a file
(`write_piece`) and joined with qpdf (pikepdf), and the page numbers (第 N 页 共 M 页)
stamped afterwards, when M is known (`join_pieces`).  Memory then stays that of one
piece, however many applicants there are, and the pieces can be laid out by several
processes at once."""

from __future__ import annotations

import datetime
import io
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pikepdf
import weasyprint
from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from weasyprint.text.fonts import FontConfiguration

from zhicheng.display import chinese_date

CellValue = str | int | float | datetime.date | None

WIDEST_COLUMN = 50  # Excel characters
NUMBERED_PAGES_AT_ONCE = 200  # page numbers laid out in one WeasyPrint document when pieces are joined
INVALID_SHEET_TITLE_CHARACTERS = str.maketrans({c: "_" for c in "[]:*?/\\"})

THIN = Side(style="thin")
CELL_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAPPED = Alignment(wrap_text=True, vertical="top")


def cell_text(value: CellValue) -> str | int | float:
    """A value as a document shows it: dates in Chinese, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return chinese_date(value)
    return value


@dataclass(frozen=True)
class PageLayout:
    """The paper and its margins, shared by a document's pieces and its page numbers."""

    size: str
    margin: str


PORTRAIT = PageLayout("A4", "18mm 16mm 20mm 16mm")
LANDSCAPE = PageLayout("A4 landscape", "15mm 14mm 18mm 14mm")


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template extending ``documents/base.html`` to PDF; WeasyPrint subsets
    and embeds the Noto CJK fonts, so the file reads the same on any machine."""
    html = render_to_string(template_name, context)
    return weasyprint.HTML(string=html).write_pdf(font_config=_font_configuration())


@dataclass(frozen=True)
class PiecedPdf:
    """A document that grows with the number of applicants, laid out in pieces: piece
    `number` is `template_name` (extending ``documents/base.html``) rendered with
    `context(number)` and holds `sizes[number]` forms or rows.  A piece is asked for only
    when it is laid out, so only its own rows are read; any process may lay out any piece."""

    template_name: str
    title: str
    sizes: tuple[int, ...]
    context: Callable[[int], dict]
    page: PageLayout = PORTRAIT

    @property
    def pieces(self) -> int:
        return len(self.sizes)


def write_piece(document: PiecedPdf, number: int, target: str | Path | BinaryIO) -> None:
    """Lay out piece `number` of `document` to `target`, without page numbers (they are
    stamped when the pieces are joined).  The layout is freed before this returns."""
    html = render_to_string(document.template_name, {**document.context(number), "page": document.page, "unnumbered": True})
    weasyprint.HTML(string=html).write_pdf(target, font_config=_font_configuration())


def join_pieces(files: Sequence[Path], output: BinaryIO, *, title: str, page: PageLayout = PORTRAIT) -> int:
    """Join the pieces' files, in order, into one document numbered through (第 N 页 共 M
    页) on `output`; the number of pages.  qpdf reads the pieces' objects from their files
    as it writes the joined one, and the numbers are laid out NUMBERED_PAGES_AT_ONCE pages at
    a time, so neither grows in memory with the document."""
    joined = pikepdf.Pdf.new()
    sources = [pikepdf.open(file) for file in files]  # open until the joined file is written
    for source in sources:
        joined.pages.extend(source.pages)
    total = len(joined.pages)
    for start in range(0, total, NUMBERED_PAGES_AT_ONCE):
        count = min(NUMBERED_PAGES_AT_ONCE, total - start)
        sources.append(pikepdf.open(io.BytesIO(render_pdf("documents/page_numbers.html", {
            "page": page, "first": start + 1, "total": total, "pages": range(count)}))))
        for page_object, number in zip(joined.pages[start:start + count], sources[-1].pages, strict=True):
            page_object.add_overlay(number)
    joined.docinfo["/Title"] = title
    joined.save(output)
    for source in sources:
        source.close()
    return total


def write_pdf(document: PiecedPdf, output: BinaryIO, progress: Callable[[int], None] | None = None) -> int:
    """The whole of `document` to `output`, its pieces laid out one after the other in this
    process; `progress(n)` after each piece with the forms or rows done.  The number of
    pages.  (A document job lays the pieces out in as many worker processes as there are.)"""
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for number in range(document.pieces):
            files.append(Path(folder) / f"{number}.pdf")
            write_piece(document, number, files[-1])
            if progress:
                progress(sum(document.sizes[:number + 1]))
        return join_pieces(files, output, title=document.title, page=document.page)


def _font_configuration() -> FontConfiguration:
    """One WeasyPrint font configuration per thread, kept: the fonts are found and opened
    once, not again for every document or piece."""
    if not hasattr(_fonts, "configuration"):
        _fonts.configuration = FontConfiguration()
    return _fonts.configuration


_fonts = threading.local()


def render_xlsx(
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[CellValue]],
    *,
    heading_lines: Sequence[str] = (),
    footer_lines: Sequence[str] = (),
) -> bytes:
    """One worksheet: the title, heading lines, a bold bordered header row frozen in
    place, then the rows (wrapped, bordered), then footer lines."""
    rows = [[cell_text(value) for value in row] for row in rows]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31].translate(INVALID_SHEET_TITLE_CHARACTERS))
    for index, width in enumerate(_column_widths(columns, rows)):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    header_row = len(heading_lines) + 2
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.merged_cells.add(f"A1:{get_column_letter(len(columns))}1")

    sheet.append([_cell(sheet, title, font=Font(bold=True, size=16), alignment=Alignment(horizontal="center"))])
    for line in heading_lines:
        sheet.append([line])
    sheet.append(
        [_cell(sheet, column, font=Font(bold=True), alignment=WRAPPED, border=CELL_BORDER) for column in columns]
    )
    for row in rows:
        sheet.append([_cell(sheet, value, alignment=WRAPPED, border=CELL_BORDER) for value in row])
    for line in footer_lines:
        sheet.append([line])

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def display_width(text: str) -> int:
    """Width of ``text`` in half-width characters: a Chinese character counts two."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def _column_widths(columns: Sequence[str], rows: Sequence[Sequence[str | int | float]]) -> list[int]:
    """Each column's longest line, header included, in Excel characters, capped so
    that long texts wrap instead of running off the page."""
    widths = []
    for index, column in enumerate(columns):
        lines = [line for value in (column, *(row[index] for row in rows)) for line in str(value).splitlines()]
        widths.append(min(2 + max(map(display_width, lines), default=0), WIDEST_COLUMN))
    return widths


def _cell(sheet, value, **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # what a person typed is text, never a formula
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell
