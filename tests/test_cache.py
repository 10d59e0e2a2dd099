"""The OCR cache: keyed by content, engine and parameters; shared by processes; never fatal."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from consistency.config import Config
from consistency.extract.ocr import cache as ocr_cache
from consistency.model import BBox
from consistency.words import Line, PageText, Word


def _page(text: str = "Model No.: XK-2041B", engine: str = "tesseract") -> PageText:
    words = tuple(
        Word(t, BBox(10.0 * i, 5.0, 10.0 * i + 8, 15.5), 0.875) for i, t in enumerate(text.split())
    )
    return PageText(
        1, 640.0, 480.0, (Line(words, 1), Line((Word("型号", BBox(1, 30, 20, 40)),), 1)), engine
    )


def _config(tmp_path: Path, **changes: object) -> Config:
    return Config(cache_dir=tmp_path / "cache", **changes)  # type: ignore[arg-type]


def test_page_text_survives_a_json_round_trip() -> None:
    """What is stored is what comes back: words, boxes, confidences, CJK text, engine."""
    page = _page()
    assert ocr_cache.page_from_json(ocr_cache.page_to_json(page)) == page


def test_second_call_is_a_hit_and_does_not_recompute(tmp_path: Path) -> None:
    photo = tmp_path / "label.jpg"
    photo.write_bytes(b"fake image bytes")
    calls: list[int] = []

    def compute() -> PageText:
        calls.append(1)
        return _page()

    config = _config(tmp_path)
    first = ocr_cache.cached_page(config, photo, "tesseract", "5.3.0", {"psm": 11}, compute)
    second = ocr_cache.cached_page(config, photo, "tesseract", "5.3.0", {"psm": 11}, compute)
    assert first == second == _page()
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("engine", "version", "params", "content"),
    [
        ("rapidocr", "5.3.0", {"psm": 11}, b"fake image bytes"),  # other engine
        ("tesseract", "5.4.0", {"psm": 11}, b"fake image bytes"),  # engine upgraded
        ("tesseract", "5.3.0", {"psm": 3}, b"fake image bytes"),  # other parameters
        ("tesseract", "5.3.0", {"psm": 11}, b"other image bytes"),  # file content changed
    ],
)
def test_any_change_of_key_material_is_a_miss(
    tmp_path: Path, engine: str, version: str, params: dict[str, int], content: bytes
) -> None:
    photo = tmp_path / "label.jpg"
    photo.write_bytes(b"fake image bytes")
    config = _config(tmp_path)
    ocr_cache.cached_page(config, photo, "tesseract", "5.3.0", {"psm": 11}, lambda: _page("old"))
    photo.write_bytes(content)
    got = ocr_cache.cached_page(config, photo, engine, version, params, lambda: _page("new"))
    assert got == _page("new")


def test_same_content_under_another_name_is_a_hit(tmp_path: Path) -> None:
    """The key is the content hash, not the path: a renamed photo is not OCR'd again."""
    a, b = tmp_path / "a.jpg", tmp_path / "b.jpg"
    a.write_bytes(b"same bytes")
    b.write_bytes(b"same bytes")
    config = _config(tmp_path)
    ocr_cache.cached_page(config, a, "tesseract", "5", {}, lambda: _page("first"))
    assert ocr_cache.cached_page(config, b, "tesseract", "5", {}, lambda: _page("x")) == _page(
        "first"
    )


def test_cache_off_always_computes_and_writes_nothing(tmp_path: Path) -> None:
    photo = tmp_path / "label.jpg"
    photo.write_bytes(b"bytes")
    config = _config(tmp_path, cache=False)
    calls: list[int] = []

    def compute() -> PageText:
        calls.append(1)
        return _page()

    for _ in range(2):
        ocr_cache.cached_page(config, photo, "tesseract", "5", {}, compute)
    assert len(calls) == 2
    assert not (tmp_path / "cache").exists()


def test_environment_variable_relocates_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSISTENCY_CACHE_DIR", str(tmp_path / "elsewhere"))
    photo = tmp_path / "label.jpg"
    photo.write_bytes(b"bytes")
    ocr_cache.cached_page(Config(), photo, "tesseract", "5", {}, _page)
    assert (tmp_path / "elsewhere" / ocr_cache.FILE_NAME).is_file()


def test_a_corrupt_cache_file_is_rebuilt_not_fatal(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / ocr_cache.FILE_NAME).write_bytes(b"this is not a database" * 100)
    cache = ocr_cache.OcrCache(folder)
    assert cache.get("anything") is None
    cache.put("key", _page())
    assert cache.get("key") == _page()
    assert cache.disabled_reason is None


def test_an_unwritable_cache_folder_turns_the_cache_off(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    cache = ocr_cache.OcrCache(blocker / "cache")
    cache.put("key", _page())
    assert cache.get("key") is None
    assert cache.disabled_reason is not None


def _writer(folder: str, prefix: str, count: int) -> None:
    cache = ocr_cache.OcrCache(Path(folder))
    for i in range(count):
        cache.put(f"{prefix}-{i}", _page(f"Model {prefix} {i}"))


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    """WAL + busy timeout: concurrent writers (a process pool, Dask workers) all land."""
    folder = tmp_path / "cache"
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(str(folder), p, 150)) for p in ("a", "b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    cache = ocr_cache.OcrCache(folder)
    assert len(cache) == 300
    assert cache.get("b-149") == _page("Model b 149")


def test_a_photo_record_is_stored_once_and_an_unreadable_one_is_recomputed(
    tmp_path: Path,
) -> None:
    """Photo readings are JSON records; one written by an older layout is simply redone."""
    photo = tmp_path / "box.jpg"
    photo.write_bytes(b"not really a jpeg, but content is what is hashed")
    config = _config(tmp_path)
    computed: list[int] = []

    def compute() -> dict[str, int]:
        computed.append(1)
        return {"regions": 7}

    def run(load: object) -> tuple[dict[str, int], bool]:
        return ocr_cache.cached_record(
            config, photo, "photo:rapidocr", "v1", {"pipeline": 1}, compute,
            dump=lambda value: value, load=load,  # type: ignore[arg-type]
        )  # fmt: skip

    assert run(lambda record: dict(record)) == ({"regions": 7}, False)
    assert run(lambda record: dict(record)) == ({"regions": 7}, True)
    assert len(computed) == 1

    def older_layout(record: object) -> dict[str, int]:
        raise KeyError("frame")

    assert run(older_layout) == ({"regions": 7}, False)
    assert len(computed) == 2
