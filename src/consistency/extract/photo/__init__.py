"""Photos of packaging and rating labels as sellers take them: explicit, timed stages.

- `stages.py`: detect, orient, deskew, cut strips, recognise, group lines;
- `frame.py`: the geometry between the photo, upright and level frames;
- `reader.py`: `read_photo_text`, the stages in order with timings and the cache;
- `barcode.py`: retail barcodes as product ids;
- `product_name.py`: the unlabelled product name of a box or label.
"""
