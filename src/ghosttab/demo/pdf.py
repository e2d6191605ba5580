"""A tiny hand-written PDF generator (one page, Helvetica text lines)."""

from __future__ import annotations

from collections.abc import Sequence


def _escape(text: str) -> str:
    """Escape a string for a PDF literal string (Latin-1 only)."""
    safe = text.encode("latin-1", "replace").decode("latin-1")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content_stream(title: str, lines: Sequence[str]) -> bytes:
    ops = ["BT", "/F2 18 Tf", "72 760 Td", f"({_escape(title)}) Tj", "/F1 11 Tf", "0 -30 Td"]
    first = True
    for line in lines:
        if not first:
            ops.append("0 -16 Td")
        ops.append(f"({_escape(line)}) Tj")
        first = False
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


def make_pdf(title: str, lines: Sequence[str]) -> bytes:
    """Return the bytes of a valid single-page A4-ish PDF with the given text."""
    content = _content_stream(title, lines[:40])
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        ),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)
