"""The shared renderers (文书生成): PDF through Django templates and WeasyPrint, Excel
through openpyxl. Every document of the system is produced by one of them, so fonts,
page numbers, dates and spreadsheet layout are decided here once.

A document of one piece (a certificate, one application) is one WeasyPrint document
(`render_pdf`).  A document that grows with the number of applicants is a `PiecedPdf`:
each piece a WeasyPrint document of a bounded number of forms or rows, written to a file
(`write_piece`) and joined with qpdf (pikepdf), and the page numbers (第 N 页 共 M 页)
stamped afterwards, when M is known (`join_pieces`).  The layout's memory then stays
that of one piece, however many applicants there are, and the pieces can be laid out by several
processes at once.

A piece is laid out with the user-agent style sheet of WeasyPrint less its rules for every
element's footnote and note pseudo-elements (`PieceHTML`): none of these documents has
footnotes, and those rules alone doubled the style matching of every element.  An image
that is the same on every page (the electronic seal of the 公示表, `Stamp`) is drawn once
for the whole document and laid over each page's place for it when the pieces are joined,
instead of being drawn again on every page."""

from __future__ import annotations

import contextlib
import datetime
import functools
import gc
import io
import re
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pikepdf
import weasyprint
from django.template.loader import get_template, render_to_string
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA
from weasyprint.text.fonts import FontConfiguration

from zhicheng.display import chinese_date

CellValue = str | int | float | datetime.date | None

WIDEST_COLUMN = 50  # Excel characters
PAGE_NUMBER = "第 {page} 页 共 {pages} 页"  # as print.css numbers a document of one piece
PAGE_NUMBER_SAMPLE = PAGE_NUMBER.format(page="0123456789", pages="0")  # every glyph the numbers are set from
INVALID_SHEET_TITLE_CHARACTERS = str.maketrans({c: "_" for c in "[]:*?/\\"})
STAMP_ANCHOR = "stamp-"  # how the id of the empty box a piece's stamp is laid over begins, one a page

# WeasyPrint's rules for pseudo-elements of every element that these documents never show
# (footnote and note calls and markers); the list markers only where lists are.
UNUSED_UA_RULES = re.compile(r"^::(?:footnote-call|footnote-marker|note-call|note-marker|note-callback) \{[^}]*\}\n", re.M)

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
class Stamp:
    """An image that is the same on every page of a document (a seal), `width` × `height`
    (CSS lengths) as the box it is laid over."""

    image: str  # address, e.g. a data: address of an SVG
    width: str
    height: str


@dataclass(frozen=True)
class PiecedPdf:
    """A document that grows with the number of applicants, laid out in pieces: piece
    `number` is `template_name` (extending ``documents/base.html``) rendered with
    `context(number)` and holds `sizes[number]` forms or rows.  A piece is asked for only
    when it is laid out, so only its own rows are read; any process may lay out any piece.
    The `stamp`, if any, is drawn once for the whole document and laid over each page's empty
    box whose id begins with STAMP_ANCHOR when the pieces are joined."""

    template_name: str
    title: str
    sizes: tuple[int, ...]
    context: Callable[[int], dict]
    page: PageLayout = PORTRAIT
    stamp: Stamp | None = None

    @property
    def pieces(self) -> int:
        return len(self.sizes)


class PieceHTML(weasyprint.HTML):
    """A WeasyPrint document laid out with `piece_user_agent_sheet`: WeasyPrint computes a
    style for each footnote and note pseudo-element of every element its own sheet has a
    rule for, which was half the style matching of a piece."""

    def _ua_stylesheets(self, forms=False):
        return [piece_user_agent_sheet(), *super()._ua_stylesheets(forms)[1:]]


@functools.cache
def piece_user_agent_sheet() -> weasyprint.CSS:
    """The style sheet of `piece_user_agent_sheet_text`.  Its counter styles are WeasyPrint's
    own, which every document already has: they are read into a set of their own."""
    return weasyprint.CSS(string=piece_user_agent_sheet_text(), counter_style=CounterStyle())


def piece_user_agent_sheet_text() -> str:
    """WeasyPrint's user-agent style sheet less UNUSED_UA_RULES, and with list markers
    styled on list items only (the only boxes that have markers)."""
    return UNUSED_UA_RULES.sub("", UA).replace("\n::marker {", "\nli::marker {")


def write_piece(document: PiecedPdf, number: int, target: str | Path | BinaryIO) -> None:
    """Lay out piece `number` of `document` to `target`, without page numbers and stamp
    (they are laid over its pages when the pieces are joined; the stamp's places are the
    piece's named destinations).  The layout is freed before this returns."""
    html = render_to_string(document.template_name, {**document.context(number), "page": document.page, "unnumbered": True})
    with collected_after():
        PieceHTML(string=html).write_pdf(target, font_config=_font_configuration())


@contextlib.contextmanager
def collected_after():
    """Python's cycle collector runs once, after the piece (or the spreadsheet), not some
    hundred times while WeasyPrint makes its boxes or the ORM its rows, and never again over
    what the process held after its first document (Django, WeasyPrint and their caches,
    frozen then): those collections were a tenth of a piece's work, and a third of a
    1,000-row spreadsheet's."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect()
        if not gc.get_freeze_count():
            gc.freeze()


def join_pieces(files: Sequence[Path], output: BinaryIO, *, title: str, page: PageLayout = PORTRAIT,
                stamp: Stamp | None = None) -> int:
    """Join the pieces' files, in order, into one document numbered through (第 N 页 共 M
    页) on `output`, with `stamp` drawn once and laid over its places; the number of pages.
    The pieces are read from their files, not mapped into memory, and qpdf reads their
    streams from the files as it writes the joined one; the page numbers are set from one
    line laid out once (`PageNumbers`), not laid out page by page.  What grows with the
    document is qpdf's objects of the pieces and of the joined file (about 40 KB a page of
    the 公示表, the pieces' fonts included)."""
    joined = pikepdf.Pdf.new()
    stamped = pikepdf.open(io.BytesIO(_stamp_pdf(stamp))) if stamp else None
    form = joined.copy_foreign(stamped.pages[0].as_form_xobject()) if stamped else None
    width, height = (float(side) for side in stamped.pages[0].mediabox[2:]) if stamped else (0, 0)
    sources = []  # open until the joined file is written
    for file in files:
        sources.append(pikepdf.open(file, access_mode=pikepdf.AccessMode.stream))
        start = len(joined.pages)
        joined.pages.extend(sources[-1].pages)
        if form is not None:
            for number, left, top in _stamp_places(sources[-1]):
                joined.pages[start + number].add_overlay(form, pikepdf.Rectangle(left, top - height, left + width, top))
    total = len(joined.pages)
    numbers = PageNumbers(joined, page, total)
    sources.append(numbers.sample)
    for number, page_object in enumerate(joined.pages, 1):
        page_object.add_overlay(numbers.form(number))
    joined.docinfo["/Title"] = title
    joined.save(output)
    for source in [*sources, *([stamped] if stamped else [])]:
        source.close()
    return total


class PageNumbers:
    """The page numbers (第 N 页 共 M 页) of a document of `total` pages joined into `pdf`, as
    print.css sets them at the foot of every page: one line with every digit laid out once
    by WeasyPrint (PAGE_NUMBER_SAMPLE, once a process), and each page's line set from its glyphs, centred where WeasyPrint centres
    it (its font, size, colour and baseline are that line's)."""

    def __init__(self, pdf: pikepdf.Pdf, page: PageLayout, total: int):
        self.pdf, self.total = pdf, total
        sample = pikepdf.open(io.BytesIO(_page_number_sample(page)))
        sample_text = PAGE_NUMBER_SAMPLE
        self.operations = list(pikepdf.parse_content_stream(sample.pages[0]))
        self.position = next(i for i, (_, operator) in enumerate(self.operations) if str(operator) == "Tm")
        self.text = next(i for i, (_, operator) in enumerate(self.operations) if str(operator) == "TJ")
        font_name, size = next(operands for operands, operator in self.operations if str(operator) == "Tf")
        codes = b"".join(bytes(part) for part in self.operations[self.text][0][0] if isinstance(part, pikepdf.String))
        if len(codes) != 2 * len(sample_text):
            raise ValueError(f"页码的字形与文字不对应：{sample_text}")
        self.codes = {character: codes[2 * i:2 * i + 2] for i, character in enumerate(sample_text)}
        font = sample.pages[0].Resources.Font[font_name]
        self.scale = float(size) / 1000
        self.widths = _glyph_widths(font.DescendantFonts[0])
        self.centre = float(self.operations[self.position][0][4]) + self._width(sample_text) / 2
        self.resources = pdf.copy_foreign(sample.pages[0].Resources)
        self.box = pikepdf.Array(sample.pages[0].mediabox)
        self.sample = sample  # open until the joined file is written: qpdf reads the font from it

    def _width(self, text: str) -> float:
        return sum(self.widths.get(int.from_bytes(self.codes[character]), 1000) for character in text) * self.scale

    def form(self, number: int) -> pikepdf.Stream:
        """The line of page `number`, as a form as large as the page."""
        text = PAGE_NUMBER.format(page=number, pages=self.total)
        operations = list(self.operations)
        position = list(self.operations[self.position][0])
        position[4] = self.centre - self._width(text) / 2
        operations[self.position] = pikepdf.ContentStreamInstruction(position, pikepdf.Operator("Tm"))
        line = pikepdf.String(b"".join(self.codes[character] for character in text))
        operations[self.text] = pikepdf.ContentStreamInstruction([pikepdf.Array([line])], pikepdf.Operator("TJ"))
        return self.pdf.make_stream(pikepdf.unparse_content_stream(operations), {
            "/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Form, "/BBox": self.box, "/Resources": self.resources})


@functools.lru_cache(maxsize=4)
def _page_number_sample(page: PageLayout) -> bytes:
    """A page of `page`'s layout with PAGE_NUMBER_SAMPLE where print.css puts the page
    numbers; kept for the next documents the process joins."""
    return PieceHTML(string=render_to_string("documents/page_numbers.html", {"page": page, "text": PAGE_NUMBER_SAMPLE})).write_pdf(
        font_config=_font_configuration())


def _glyph_widths(font: pikepdf.Dictionary) -> dict[int, float]:
    """A CID font's /W array as glyph code → width (thousandths of the size)."""
    widths, entries, index = {}, list(font.get("/W", [])), 0
    while index < len(entries):
        first = int(entries[index])
        if isinstance(entries[index + 1], pikepdf.Array):
            widths.update((first + offset, float(width)) for offset, width in enumerate(entries[index + 1]))
            index += 2
        else:
            widths.update((code, float(entries[index + 2])) for code in range(first, int(entries[index + 1]) + 1))
            index += 3
    return widths


def _stamp_places(piece: pikepdf.Pdf) -> Iterator[tuple[int, float, float]]:
    """The pages of `piece` with a place for the stamp: each page's number in the piece and
    the place's top left corner (PDF points), from the named destination WeasyPrint writes
    for the place's id."""
    if "/Names" not in piece.Root or "/Dests" not in piece.Root.Names:
        return
    numbers = {page.objgen: number for number, page in enumerate(piece.pages)}
    for name, destination in pikepdf.NameTree(piece.Root.Names.Dests).items():
        if name.startswith(STAMP_ANCHOR):
            yield numbers[destination[0].objgen], float(destination[2]), float(destination[3])


@functools.lru_cache(maxsize=4)
def _stamp_pdf(stamp: Stamp) -> bytes:
    """`stamp` laid out once on a page of its own size; kept for the next documents the
    process joins."""
    return PieceHTML(string=render_to_string("documents/stamp.html", {"stamp": stamp})).write_pdf(
        font_config=_font_configuration())


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
        return join_pieces(files, output, title=document.title, page=document.page, stamp=document.stamp)


def renderers_loaded() -> None:
    """Load what the first document a process renders would otherwise wait for: the template
    engine with its tag libraries (through the documents' base), this thread's font
    configuration and the pieces' user-agent style sheet.  (Their modules, WeasyPrint and
    openpyxl among them, are loaded by importing this one.)  The fonts themselves are read
    when a PDF is first laid out: some 70 MB a process, which a worker writing only
    spreadsheets never needs."""
    get_template("documents/base.html")
    _font_configuration()
    piece_user_agent_sheet()


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

    sheet.append([_cell(sheet, title, _style(sheet, font=Font(bold=True, size=16), alignment=Alignment(horizontal="center")))])
    for line in heading_lines:
        sheet.append([line])
    header = _style(sheet, font=Font(bold=True), alignment=WRAPPED, border=CELL_BORDER)
    sheet.append([_cell(sheet, column, header) for column in columns])
    body = _style(sheet, alignment=WRAPPED, border=CELL_BORDER)
    for row in rows:
        sheet.append([_cell(sheet, value, body) for value in row])
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


def _style(sheet, **style) -> StyleArray:
    """The cell style of `style` (font=, alignment=, border=), registered with the workbook
    once: setting a style on a cell looks it up among the workbook's by its hash, which
    was two fifths of the time of a long list when done for every cell."""
    cell = WriteOnlyCell(sheet)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell._style


def _cell(sheet, value, style: StyleArray) -> Cell:
    cell = Cell(sheet, row=1, column=1, value=value, style_array=style)  # placed when appended, as a WriteOnlyCell
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # what a person typed is text, never a formula
    return cell
