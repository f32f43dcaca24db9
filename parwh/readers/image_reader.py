"""A results table in an image (PNG, JPEG, TIFF) or a scanned PDF page, read by Tesseract with its Vietnamese data.

The page is straightened (a photographed table is rarely level), enlarged to the text size Tesseract reads best,
and read word by word with positions and confidences. Rows are Tesseract's text lines; columns are the bands
of x that the words of the rows holding numbers occupy, with empty space between them in every such row. Each
cell keeps the lowest confidence of its words, so the ingest can refuse what was read unsurely.
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
import tempfile
from pathlib import Path

import numpy
import pytesseract
from PIL import Image, ImageOps

from parwh.readers import Position, ReadOptions, ReadRow, ReadTable, TableError
from parwh.readers.text import clean

LANGUAGE = "vie"  # the reading: names, headers, numbers
CHECK_LANGUAGE = "eng"  # a second reading of the numbers, which must agree with the first
SKEW_LIMIT, SKEW_STEP = 3.0, 0.1  # degrees: a photograph held by hand, not a page turned on its side
TARGET_TEXT_HEIGHT = 36  # pixels of a text line Tesseract reads best at (it is trained on ~30-40)
NUMBER = re.compile(r"[+-]?\d[\d.,]*%?")
MAX_PIXELS = 60_000_000


def check_tesseract() -> None:
    if shutil.which("tesseract") is None:
        raise TableError("Tesseract is not installed: run `make setup` (it installs Debian's tesseract-ocr and "
                         "tesseract-ocr-vie).")
    missing = {LANGUAGE, CHECK_LANGUAGE} - set(pytesseract.get_languages(config=""))
    if missing:
        raise TableError(f"Tesseract has no {'+'.join(sorted(missing))} data: run `make setup` (it installs "
                         "tesseract-ocr, tesseract-ocr-eng and tesseract-ocr-vie).")


def read_image(path: Path, options: ReadOptions) -> ReadTable:
    check_tesseract()
    try:
        image = Image.open(path)
        frames = getattr(image, "n_frames", 1)
    except Exception as error:  # Pillow raises many kinds for a damaged file
        raise TableError(f"{path}: cannot be opened as an image ({error}); save it again as PNG or JPEG.") from None
    if image.width * image.height > MAX_PIXELS:
        raise TableError(f"{path}: {image.width}x{image.height} pixels is larger than any photographed table; "
                         "crop it to the table and run again.")
    rows: list[ReadRow] = []
    for frame in range(frames):  # a TIFF may hold several pages
        image.seek(frame)
        rows += ocr_rows(image.copy(), path, frame + 1)  # an image is a page: messages say page 1
    return ReadTable(rows, f"image, read by Tesseract {pytesseract.get_tesseract_version()} ({LANGUAGE}, numbers "
                           f"checked by a second reading with {CHECK_LANGUAGE})")


def ocr_rows(image: Image.Image, path: Path, page: int | None) -> list[ReadRow]:
    """The rows of the table in one page image, each cell with its OCR confidence (0..1)."""
    gray = ImageOps.exif_transpose(image).convert("L")
    gray = without_rules(straightened(gray))
    words = read_words(gray)
    if not words:
        return []
    height = numpy.median([word["height"] for word in words])
    scale = TARGET_TEXT_HEIGHT / max(height, 1)
    if not 0.8 < scale < 1.25:  # enlarge small print (or shrink huge), then read again at that size
        gray = gray.resize((int(gray.width * scale), int(gray.height * scale)), Image.Resampling.LANCZOS)
        words = read_words(gray)
    rows, layout = table_rows(words, path, page)
    if layout is not None:
        check_numbers(rows, layout, read_words(gray, CHECK_LANGUAGE))
    return rows


def check_numbers(rows: list[ReadRow], layout: tuple, words: list[dict]) -> None:
    """Each number cell read a second time, with Tesseract's English data (surer on digits, blind to Vietnamese
    marks): where the two readings differ the cell gets confidence 0, so a misread digit is refused, not taken."""
    cuts, centres, data = layout
    pitch = float(numpy.median(numpy.diff(centres))) if len(centres) > 1 else 40.0
    second: dict[tuple[int, int], list[dict]] = {}
    for word in words:
        centre = word["top"] + word["height"] / 2
        index = int(numpy.argmin([abs(centre - other) for other in centres]))
        if abs(centre - centres[index]) <= pitch / 2:
            second.setdefault((index, column_of([word], cuts)), []).append(word)
    for index, row in enumerate(data):
        for column, text in enumerate(row.cells):
            if NUMBER.fullmatch(text):
                again = " ".join(word["text"] for word in sorted(second.get((index, column), []),
                                                                 key=lambda word: word["left"]))
                if again != text:
                    row.confidence[column] = 0.0


def straightened(gray: Image.Image) -> Image.Image:
    """The image turned by the angle that makes its text lines most sharply horizontal."""
    small = gray.resize((max(1, gray.width // 3), max(1, gray.height // 3)))
    ink = small.point(lambda value: 255 if value < 128 else 0)

    def sharpness(angle: float) -> float:
        profile = numpy.asarray(ink.rotate(angle, resample=Image.Resampling.BILINEAR), dtype=float).sum(axis=1)
        return float(numpy.var(profile))
    angles = numpy.arange(-SKEW_LIMIT, SKEW_LIMIT + SKEW_STEP / 2, SKEW_STEP)
    best = max(angles, key=sharpness)
    if abs(best) < SKEW_STEP / 2:
        return gray
    return gray.rotate(float(best), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def without_rules(gray: Image.Image) -> Image.Image:
    """The page without the long horizontal rules between rows, which Tesseract reads as parts of letters: runs
    of dark pixels along a pixel row longer than any letter or word is wide."""
    pixels = numpy.asarray(gray).copy()
    dark = pixels < 200
    longest = max(60, pixels.shape[1] // 10)
    for y in numpy.flatnonzero(dark.sum(axis=1) >= longest):
        edges = numpy.flatnonzero(numpy.diff(numpy.concatenate(([0], dark[y].astype(numpy.int8), [0]))))
        for start, end in zip(edges[::2], edges[1::2]):
            if end - start >= longest:
                pixels[max(0, y - 2):y + 3, start:end] = 255
    return Image.fromarray(pixels)


def read_words(gray: Image.Image, language: str = LANGUAGE) -> list[dict]:
    # one thread: the machine is shared, and Tesseract's threads gain little on one page
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    with tempfile.TemporaryDirectory(prefix="parwh-ocr-") as folder:
        # pytesseract would write the page as PNG at zlib's default level: a second per page, for a file Tesseract
        # reads once. Written here with the fastest compression (lossless all the same).
        page = Path(folder) / "page.png"
        gray.save(page, compress_level=1)
        data = pytesseract.image_to_data(str(page), lang=language, config="--psm 6",
                                         output_type=pytesseract.Output.DICT)
    words = []
    for index, text in enumerate(data["text"]):
        text = clean(text)
        if text and float(data["conf"][index]) >= 0:
            words.append({"text": text, "conf": float(data["conf"][index]) / 100, "left": data["left"][index],
                          "right": data["left"][index] + data["width"][index], "top": data["top"][index],
                          "height": data["height"][index],
                          "line": (data["block_num"][index], data["par_num"][index], data["line_num"][index])})
    return words


def text_lines(words: list[dict]) -> list[list[dict]]:
    lines: dict[tuple, list[dict]] = {}
    for word in words:
        lines.setdefault(word["line"], []).append(word)
    return sorted((sorted(line, key=lambda word: word["left"]) for line in lines.values()),
                  key=lambda line: min(word["top"] for word in line))


def is_data_line(line: list[dict]) -> bool:
    return sum(1 for word in line if NUMBER.fullmatch(word["text"])) >= 2


def column_bands(lines: list[list[dict]], gap: float) -> list[tuple[float, float]]:
    """(left, right) of each column: x that the words of data rows cover, split where no data row has ink."""
    data = [line for line in lines if is_data_line(line)]
    if len(data) < 2:
        return []
    width = max(word["right"] for line in data for word in line) + 1
    covered = numpy.zeros(width, dtype=int)
    for line in data:
        for word in line:
            covered[word["left"]:word["right"]] += 1
    bands, start, empty = [], None, 0
    noise = len(data) // 10  # a few stray marks read as words do not bridge a gap between columns
    for x, count in enumerate(covered):
        if count > noise:
            if start is None:
                start = x
            elif empty >= gap:
                bands.append((start, x - empty))
                start = x
            empty = 0
        elif start is not None:
            empty += 1
    if start is not None:
        bands.append((start, width - empty))
    # a column holds a cell in most rows; a band a few stray marks make is none
    return [band for band in bands if sum(1 for line in data if any(
        band[0] <= (word["left"] + word["right"]) / 2 <= band[1] for word in line)) >= 0.3 * len(data)]


def boundaries(bands: list[tuple[float, float]]) -> list[float]:
    """Where one column's cells end and the next one's begin: halfway across the empty space between them."""
    return [(left_band[1] + right_band[0]) / 2 for left_band, right_band in zip(bands, bands[1:])]


def column_of(word_group: list[dict], cuts: list[float]) -> int:
    centre = (min(word["left"] for word in word_group) + max(word["right"] for word in word_group)) / 2
    return bisect.bisect(cuts, centre)


def spans(word_group: list[dict], cuts: list[float]) -> int:
    left, right = min(word["left"] for word in word_group), max(word["right"] for word in word_group)
    return 1 + sum(1 for cut in cuts if left < cut < right)


def phrases(line: list[dict], gap: float) -> list[list[dict]]:
    """Words of a line grouped where they stand closer than a column gap."""
    groups: list[list[dict]] = []
    for word in line:
        if groups and word["left"] - groups[-1][-1]["right"] < gap:
            groups[-1].append(word)
        else:
            groups.append([word])
    return groups


def single_cell_row(line: list[dict], path: Path, number: int, page: int | None) -> ReadRow:
    return ReadRow([" ".join(word["text"] for word in line)], Position(path, number, page=page),
                   [min(word["conf"] for word in line)])


def table_rows(words: list[dict], path: Path, page: int | None) -> list[ReadRow]:
    lines = text_lines(words)
    height = float(numpy.median([word["height"] for word in words]))
    gap = 0.6 * height
    bands = column_bands(lines, gap)
    first_data = next((index for index, line in enumerate(lines) if is_data_line(line)), None)
    if len(bands) < 2 or first_data is None:  # no table: every line as it was read
        return [single_cell_row(line, path, number, page) for number, line in enumerate(lines, start=1)], None
    cuts = boundaries(bands)
    header_from = header_start(lines, first_data, cuts, height)
    rows = [single_cell_row(line, path, number, page) for number, line in enumerate(lines[:header_from], start=1)]
    rows += header_rows(lines[header_from:first_data], cuts, gap, path, page, header_from + 1)
    data: list[ReadRow] = []
    centres: list[float] = []  # the middle of each data row, where the second reading of its numbers is sought
    for number, line in enumerate(lines[first_data:], start=first_data + 1):
        cells, confidence = [""] * len(bands), [None] * len(bands)
        for word in line:
            column = column_of([word], cuts)
            cells[column] = f"{cells[column]} {word['text']}".strip()
            confidence[column] = min(word["conf"], confidence[column] if confidence[column] is not None else 1.0)
        if rows and not is_data_line(line) and continues_name(cells, rows[-1]):
            column = next(index for index, cell in enumerate(cells) if cell)
            rows[-1].cells[column] += " " + cells[column]  # a name wrapped onto a second line in its cell
            rows[-1].confidence[column] = min(rows[-1].confidence[column] or 1.0, confidence[column])
            continue
        rows.append(ReadRow(cells, Position(path, number, page=page), confidence))
        data.append(rows[-1])
        centres.append(float(numpy.median([word["top"] + word["height"] / 2 for word in line])))
    return rows, (cuts, centres, data)


def continues_name(cells: list[str], previous: ReadRow) -> bool:
    filled = [index for index, cell in enumerate(cells) if cell]
    return (len(filled) == 1 and not NUMBER.fullmatch(cells[filled[0]]) and previous.confidence is not None
            and len(previous.cells) == len(cells) and bool(previous.cells[filled[0]])
            and sum(1 for cell in previous.cells if NUMBER.fullmatch(cell)) >= 2)


def header_start(lines: list[list[dict]], first_data: int, cuts: list[float], height: float) -> int:
    """The first header line: going up from the data, until a title line (across most columns) or a wide gap."""
    start = first_data
    while start > 0:
        line = lines[start - 1]
        below = min(word["top"] for word in lines[start]) - max(word["top"] + word["height"] for word in line)
        if below > 4 * height or any(spans(group, cuts) >= 3 for group in phrases(line, 0.6 * height)):
            break
        start -= 1
    return start


def overlap(upper: list[dict], lower: list[dict]) -> float:
    """How much of the narrower of two phrases lies over the other (0..1)."""
    a = (min(word["left"] for word in upper), max(word["right"] for word in upper))
    b = (min(word["left"] for word in lower), max(word["right"] for word in lower))
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / max(1, min(a[1] - a[0], b[1] - b[0]))


def header_rows(lines: list[list[dict]], cuts: list[float], gap: float, path: Path, page: int | None,
                first_number: int) -> list[ReadRow]:
    """One row per header line, each phrase in the column under its centre; a title wrapped onto the next line
    of the same column (the two lines lying over each other) is one title, on the upper line."""
    placed: list[list[tuple[int, list[dict]]]] = [[(column_of(words, cuts), words) for words in phrases(line, gap)]
                                                  for line in lines]
    for index in range(len(placed) - 1, 0, -1):
        for column, words in list(placed[index]):
            above = [(c, w) for c, w in placed[index - 1] if c == column and overlap(w, words) > 0.5]
            if len(above) == 1 and not words[0]["text"].startswith("("):
                placed[index - 1][placed[index - 1].index(above[0])] = (column, above[0][1] + words)
                placed[index].remove((column, words))
    rows = []
    for number, line in enumerate(placed, start=first_number):
        if not line:
            continue
        cells, confidence = [""] * (len(cuts) + 1), [None] * (len(cuts) + 1)
        for column, words in line:
            cells[column] = f"{cells[column]} {' '.join(word['text'] for word in words)}".strip()
            confidence[column] = min(word["conf"] for word in words)
        rows.append(ReadRow(cells, Position(path, number, page=page), confidence))
    return rows
