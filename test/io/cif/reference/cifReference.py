"""Golden values for test/io/cif: decodes example.cif with a second, independent implementation.

Written separately from src/io/cif (pure Python, plain loops, standard library only) from the
public description of the Amnis format (Bio-Formats' FlowSightReader): a TIFF whose first IFD
holds the acquisition; then per object an image IFD (tag 33002 = 2, compression 30817, object
number in tag 33003) followed by a mask IFD (tag 33002 = 3, compression 30818), the C channels
tiled side by side. Also records what the instrument itself wrote (ImageWidth/ImageLength tags,
per-channel background means in tag 33052) so the test can check the decoder against values it
did not compute.

Run from the repository root (biome formats the JSON as the repository's lint expects):
  /usr/bin/python3 test/io/cif/reference/cifReference.py \
    | npx biome format --stdin-file-path=cifReference.json > test/io/cif/reference/cifReference.json
"""

import json
import struct
import sys

PATH = "../shared/fixtures/cif/example.cif"
TYPE_SIZE = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
TYPE_CODE = {1: "B", 3: "H", 4: "I", 6: "b", 7: "B", 8: "h", 9: "i", 11: "f", 12: "d", 13: "I"}


def directories(data):
    order = "<" if data[:2] == b"II" else ">"
    assert struct.unpack(order + "H", data[2:4])[0] == 42, "classic TIFF expected"
    offset = struct.unpack(order + "I", data[4:8])[0]
    while offset:
        count = struct.unpack(order + "H", data[offset:offset + 2])[0]
        tags = {}
        for i in range(count):
            at = offset + 2 + 12 * i
            tag, kind, n = struct.unpack(order + "HHI", data[at:at + 8])
            size = TYPE_SIZE.get(kind, 1) * n
            where = at + 8 if size <= 4 else struct.unpack(order + "I", data[at + 8:at + 12])[0]
            raw = data[where:where + size]
            if kind == 2:
                tags[tag] = raw.rstrip(b"\0").decode("latin1")
            else:
                tags[tag] = list(struct.unpack(order + TYPE_CODE[kind] * n, raw))
        yield offset, tags
        offset = struct.unpack(order + "I", data[offset + 2 + 12 * count:offset + 6 + 12 * count])[0]


def greyscale(data, width, height):
    values = []
    value = shift = 0
    for byte in data:
        for nibble in (byte & 0x0F, byte >> 4):
            if len(values) == width * height:
                assert nibble == 0, "nonzero nibble after the last pixel"
                continue
            value += (nibble & 7) << shift
            shift += 3
            if nibble & 8 == 0:
                if nibble & 4:
                    value -= 1 << shift
                values.append(value)
                value = shift = 0
    assert len(values) == width * height, "stream ended early"
    pixels = [[0] * width for _ in range(height)]
    for y in range(height):
        for x in range(width):
            up = pixels[y - 1][x] if y > 0 else 0
            left = pixels[y][x - 1] if x > 0 else 0
            up_left = pixels[y - 1][x - 1] if x > 0 and y > 0 else 0
            pixels[y][x] = values[y * width + x] + up + left - up_left
    return pixels


def bitmask(data, width, height):
    flat = []
    for i in range(0, len(data), 2):
        flat.extend([data[i]] * (data[i + 1] + 1))
    assert len(flat) == width * height, "runs do not cover the image"
    return [flat[y * width:(y + 1) * width] for y in range(height)]


def channel(rows, c, width):
    return [row[c * width:(c + 1) * width] for row in rows]


def weighted_sum(plane):
    flat = [v for row in plane for v in row]
    return sum(v * ((i % 7919) + 1) for i, v in enumerate(flat))


def main():
    data = open(PATH, "rb").read()
    listing = list(directories(data))
    first = listing[0][1]
    xml = first[33027]
    in_use = xml.split("<ChannelInUseIndicators_0_11>")[1].split("<")[0].split()
    channels = in_use.count("1")
    names = [xml.split(f"<Channel{k + 1}Name>")[1].split("<")[0] for k, f in enumerate(in_use) if f == "1"]
    objects = []
    pending = None
    for offset, tags in listing[1:]:
        if tags[33002][0] == 2:
            pending = tags
            continue
        image_tags, mask_tags = pending, tags
        tile_width, height = image_tags[256][0], image_tags[257][0]
        start, size = image_tags[273][0], image_tags[279][0]
        image = greyscale(data[start:start + size], tile_width, height)
        start, size = mask_tags[273][0], mask_tags[279][0]
        mask = bitmask(data[start:start + size], mask_tags[256][0], mask_tags[257][0])
        width = tile_width // channels
        planes = [channel(image, c, width) for c in range(channels)]
        masks = [channel(mask, c, width) for c in range(channels)]
        border = []
        for plane in planes:
            edge = plane[0] + plane[-1] + [row[0] for row in plane[1:-1]] + [row[-1] for row in plane[1:-1]]
            border.append(sum(edge) / len(edge))
        objects.append({
            "objectNumber": image_tags[33003][0],
            "tagImageWidth": tile_width,
            "tagImageLength": height,
            "tagMaskWidth": mask_tags[256][0],
            "tagMaskLength": mask_tags[257][0],
            "tagBackgroundMean": image_tags[33052],
            "sums": [sum(map(sum, p)) for p in planes],
            "weightedSums": [weighted_sum(p) for p in planes],
            "minimum": min(min(map(min, p)) for p in planes),
            "maximum": max(max(map(max, p)) for p in planes),
            "borderMeans": border,
            "maskAreas": [sum(1 for row in m for v in row if v) for m in masks],
            "maskCodes": sorted({v for row in mask for v in row}),
        })
        pending = None
    json.dump({
        "source": "test/io/cif/reference/cifReference.py on ../shared/fixtures/cif/example.cif",
        "fileSize": len(data),
        "declaredObjectCount": first[33018][0],
        "instrument": first[33006],
        "channels": channels,
        "channelNames": names,
        "magnification": int(xml.split("<Magnification>")[1].split("<")[0]),
        "objects": objects,
    }, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
