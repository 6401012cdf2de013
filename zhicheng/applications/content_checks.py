"""Uploads that are what they say (P4): beyond the first bytes, a PDF must parse and carry
no script, launch action or embedded file; an image must decode to the end with nothing
after it; and no file may also be a web page or an archive (a polyglot)."""

import io
import logging
import re
import struct
import warnings

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

logging.getLogger("pypdf").setLevel(logging.ERROR)  # a repaired file is judged here, not logged

# Markup a browser would run.
MARKUP = re.compile(rb"<\s*(script|html|body|iframe|svg|object|embed)\b|<!doctype", re.I)
# A ZIP archive (zip, docx, jar) is read from its end record, which sits in the file's
# last 64 KiB + 22 bytes: that is where an archive hidden in a document shows itself.
ZIP_END_RECORD, ZIP_END_REACH = b"PK\x05\x06", 65536 + 22
# PDF names that run code, start programs or carry other files.
ACTIVE_PDF_KEYS = {
    "/JS": "JavaScript脚本", "/JavaScript": "JavaScript脚本", "/Launch": "启动外部程序的操作",
    "/EmbeddedFile": "内嵌的其他文件", "/EmbeddedFiles": "内嵌的其他文件", "/RichMedia": "多媒体程序",
    "/XFA": "XFA动态表单（可含脚本）",
}
ACTIVE_PDF_ACTIONS = {"/JavaScript": "JavaScript脚本", "/Launch": "启动外部程序的操作", "/ImportData": "导入外部数据的操作"}
REDO = "请用“打印为PDF”或扫描重新生成后上传"


def refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def check_content(content: bytes, content_type: str) -> None:
    """Raises a ValidationError worded for the applicant when the file is not a plain
    document or image of its type."""
    if MARKUP.search(content) or ZIP_END_RECORD in content[-ZIP_END_REACH:]:
        refuse("文件中同时含有网页代码或压缩包，疑似伪装成文档的文件，不能上传；请上传原始的PDF或图片", "polyglot")
    if content_type == "application/pdf":
        check_pdf(content)
    else:
        check_image(content, content_type)


def check_pdf(content: bytes) -> None:
    if content.rstrip()[-5:] != b"%%EOF":
        refuse(f"PDF文件结尾之后还附加了其他内容，{REDO}", "pdf_trailing_data")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                refuse("PDF文件设置了密码或加密，审核人员无法打开，请去除密码后上传", "pdf_encrypted")
            if len(reader.pages) == 0:
                refuse(f"PDF文件没有任何页面，{REDO}", "pdf_empty")
            found = active_content(reader.trailer)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, struct.error, OSError):
        refuse(f"PDF文件已损坏或不是真正的PDF，无法打开，{REDO}", "pdf_broken")
    if found:
        refuse(f"PDF文件含有{found}，可能危害审核人员的电脑，不能作为申报材料；{REDO}", "pdf_active")


def active_content(root) -> str:
    """What the first active part found is, in words, or "" — a walk over every object
    reachable from the trailer, each indirect object once."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            for key, value in node.items():
                if key in ACTIVE_PDF_KEYS:
                    return ACTIVE_PDF_KEYS[key]
                if key == "/S" and value in ACTIVE_PDF_ACTIONS:
                    return ACTIVE_PDF_ACTIONS[value]
                if key not in ("/Parent", "/P"):
                    stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return ""


IMAGE_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}


def check_image(content: bytes, content_type: str) -> None:
    broken = f"图片文件不完整或已损坏，无法完整显示，请重新拍摄或导出为{IMAGE_FORMATS[content_type]}后上传"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format != IMAGE_FORMATS[content_type]:
                    refuse(broken, "image_broken")
                image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, struct.error):
        refuse(broken, "image_broken")
    end = png_end(content) if content_type == "image/png" else jpeg_end(content)
    if end == -1:
        refuse(broken, "image_broken")  # the end-of-image mark is missing
    if end != len(content):
        refuse("图片文件末尾附加了其他内容（例如压缩包），请上传原始图片", "image_trailing_data")


def png_end(content: bytes) -> int:
    """Where the PNG's IEND chunk ends (chunks: length, type, data, CRC)."""
    offset = 8
    while offset + 8 <= len(content):
        length, kind = struct.unpack(">I4s", content[offset:offset + 8])
        offset += 12 + length
        if kind == b"IEND":
            return offset
    return -1


STANDALONE_MARKERS = {0x01, *range(0xD0, 0xD8)}  # TEM and RST0-7 carry no length


def jpeg_end(content: bytes) -> int:
    """Where the JPEG ends: its segments walked by their lengths (so a thumbnail inside
    EXIF is skipped), scan data read to the next marker, up to the end-of-image marker."""
    offset = 2
    while offset + 2 <= len(content):
        if content[offset] != 0xFF:
            return -1
        marker = content[offset + 1]
        if marker == 0xFF:  # fill byte
            offset += 1
        elif marker == 0xD9:
            return offset + 2
        elif marker in STANDALONE_MARKERS:
            offset += 2
        elif offset + 4 > len(content):
            return -1
        else:
            offset += 2 + struct.unpack(">H", content[offset + 2:offset + 4])[0]
            if marker == 0xDA:  # start of scan: entropy-coded data up to a marker that is not 00 or RST
                offset = next_marker(content, offset)
    return -1


def next_marker(content: bytes, offset: int) -> int:
    while (offset := content.find(b"\xff", offset)) != -1 and offset + 1 < len(content):
        if content[offset + 1] not in STUFFED_OR_RESTART:
            return offset
        offset += 2
    return len(content)


STUFFED_OR_RESTART = {0x00, *range(0xD0, 0xD8)}
