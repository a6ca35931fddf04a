"""Page-content preflight: walks each content stream (and the forms it draws) keeping the
graphics state a RIP would — CTM, fill and stroke colour space and value, line width,
overprint, text size — and judges every painting operator: colour space, ink coverage,
black and small text, rule widths, placed image resolution and pixels."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pikepdf

from . import pixels

FILL_PAINT = {"f", "F", "f*", "B", "B*", "b", "b*"}
STROKE_PAINT = {"S", "s", "B", "B*", "b", "b*"}
SHOW = {"Tj", "TJ", "'", '"'}
TRANSPARENT_BLEND = {"/Normal", "/Compatible"}
BLACK_K = 0.995  # a K at least this, with no C, M, Y, is solid black
INK = 0.005      # a component above this is an ink that prints
RICH_K = 0.80    # K from which a multi-ink colour reads as (rich) black


@dataclass(frozen=True)
class Space:
    kind: str          # cmyk gray rgb lab icc-cmyk icc-gray icc-rgb separation all devicen pattern indexed
    name: str = ""     # what the file calls it (for messages)
    obj: object = None  # the colour space object (pattern and indexed need it)


@dataclass
class State:
    ctm: tuple = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    fill_space: Space = Space("gray", "DeviceGray")
    fill: tuple = (0.0,)
    stroke_space: Space = Space("gray", "DeviceGray")
    stroke: tuple = (0.0,)
    line_width: float = 1.0
    fill_op: bool = False
    stroke_op: bool = False
    opm: int = 0
    font_size: float = 0.0
    tm: tuple = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    render_mode: int = 0


DEVICE = {"/DeviceCMYK": Space("cmyk", "DeviceCMYK"), "/DeviceGray": Space("gray", "DeviceGray"),
          "/DeviceRGB": Space("rgb", "DeviceRGB"), "/Pattern": Space("pattern", "Pattern"),
          "/CMYK": Space("cmyk", "DeviceCMYK"), "/G": Space("gray", "DeviceGray"), "/RGB": Space("rgb", "DeviceRGB")}
DEFAULT_VALUE = {"cmyk": (0.0, 0.0, 0.0, 1.0), "gray": (0.0,), "rgb": (0.0, 0.0, 0.0)}


def _mul(m, n):
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _scale(m) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def classify(cs, resources) -> Space:
    """The kind of a colour space given by name or array (resources resolve names)."""
    if isinstance(cs, pikepdf.Name):
        if str(cs) in DEVICE:
            return DEVICE[str(cs)]
        named = (resources.get("/ColorSpace") or {}).get(str(cs)) if resources is not None else None
        return classify(named, None) if named is not None else Space("unknown", str(cs)[1:])
    if isinstance(cs, pikepdf.Array) and len(cs):
        family = str(cs[0])
        if family == "/ICCBased":
            n = int(cs[1].get("/N", 0))
            return Space({4: "icc-cmyk", 3: "icc-rgb", 1: "icc-gray"}.get(n, "icc-rgb"), f"ICCBased ({n} components)")
        if family in ("/Lab", "/CalRGB", "/CalGray"):
            return Space({"/Lab": "lab", "/CalRGB": "rgb", "/CalGray": "gray"}[family], family[1:])
        if family == "/Separation":
            name = str(cs[1])[1:]
            return Space("all" if name in ("All", "None") else "separation", f"Separation {name}", cs)
        if family == "/DeviceN":
            return Space("devicen", "DeviceN", cs)
        if family == "/Indexed":
            base = classify(cs[1], resources)
            return Space(base.kind, f"Indexed {base.name}", cs)
        if family == "/Pattern":
            return Space("pattern", "Pattern", cs)
        return DEVICE.get(family, Space("unknown", family[1:]))
    return Space("unknown", str(cs))


def check_space(space: Space, what: str, page: int, mode: str, f) -> None:
    if space.kind in ("rgb", "icc-rgb"):
        f.add("error", "rgb-colour", f"{what} in {space.name} (RGB): the press prints CMYK only", page,
              hint="separate to CMYK with the press profile before placing")
    elif space.kind == "lab":
        f.add("error", "rgb-colour", f"{what} in Lab: the press prints CMYK only", page)
    elif space.kind.startswith("icc") and mode == "1a":
        f.add("error", "colour-space", f"{what} in {space.name}: PDF/X-1a allows device colour only", page)
    elif space.kind == "unknown":
        f.add("warning", "colour-space", f"{what} in an unknown colour space {space.name}", page)


def check_page(page: pikepdf.Page, number: int, mode: str, limits, f) -> None:
    group = page.obj.get("/Group")
    if mode == "1a" and group is not None and str(group.get("/S", "")) == "/Transparency":
        f.add("error", "transparency", "the page is a transparency group (not allowed in PDF/X-1a)", number)
    walker = _Walker(number, mode, limits, f)
    walker.run(pikepdf.parse_content_stream(page), page.obj.get("/Resources"), State(), depth=0)


class _Record:
    """Stands in for the findings while a text state is judged once: the calls, kept."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple, dict]] = []

    def add(self, *args, **numbers) -> None:
        self.calls.append((args, numbers))


class _Walker:
    def __init__(self, page: int, mode: str, limits, f) -> None:
        self.page, self.mode, self.limits, self.f = page, mode, limits, f
        self.images_seen: dict[tuple, float | None] = {}
        # what a text show in a given state finds (a page shows text ~1,000 times in a
        # handful of states): the state that matters -> the findings, added again each time
        self.texts_seen: dict[tuple, tuple] = {}

    def run(self, instructions, resources, state: State, depth: int) -> None:
        stack: list[State] = []
        for inst in instructions:
            op = str(inst.operator)
            args = inst.operands
            if op in SHOW:  # the most frequent operators first; each branch is one operator
                self._text(state)
            elif op == "Tf":
                state.font_size = float(args[1])
            elif op == "Tm":
                state.tm = tuple(map(float, args))
            elif op == "q":
                stack.append(replace(state))
            elif op == "Q":
                if stack:
                    state = stack.pop()
            elif op == "cm":
                state.ctm = _mul(tuple(float(a) for a in args), state.ctm)
            elif op == "w":
                state.line_width = float(args[0])
            elif op == "gs":
                self._extgstate(resources, args[0], state)
            elif op in ("cs", "CS"):
                space = classify(args[0], resources)
                check_space(space, "colour", self.page, self.mode, self.f)
                value = DEFAULT_VALUE.get(space.kind, (1.0,) if space.kind in ("separation", "all") else ())
                if op == "cs":
                    state.fill_space, state.fill = space, value
                else:
                    state.stroke_space, state.stroke = space, value
            elif op in ("sc", "scn", "SC", "SCN"):
                values = tuple(float(a) for a in args if not isinstance(a, pikepdf.Name))
                if op in ("sc", "scn"):
                    state.fill = values
                    if args and isinstance(args[-1], pikepdf.Name):
                        self._pattern(resources, args[-1])
                else:
                    state.stroke = values
            elif op in ("k", "K", "g", "G", "rg", "RG"):
                kind = {"k": "cmyk", "g": "gray", "rg": "rgb"}[op.lower()]
                space = DEVICE[{"cmyk": "/DeviceCMYK", "gray": "/DeviceGray", "rgb": "/DeviceRGB"}[kind]]
                if kind == "rgb":
                    check_space(space, "colour", self.page, self.mode, self.f)
                values = tuple(float(a) for a in args)
                if op.islower():
                    state.fill_space, state.fill = space, values
                else:
                    state.stroke_space, state.stroke = space, values
            elif op == "BT":
                state.tm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            elif op == "Tr":
                state.render_mode = int(args[0])
            elif op in FILL_PAINT or op in STROKE_PAINT:
                if op in FILL_PAINT:
                    self._ink(state.fill_space, state.fill, "fill")
                if op in STROKE_PAINT:
                    self._ink(state.stroke_space, state.stroke, "stroke")
                    self._rule(state)
            elif op == "sh":
                self._shading((resources.get("/Shading") or {}).get(str(args[0])), resources)
            elif op == "Do":
                self._xobject(resources, args[0], state, depth)
            elif op == "INLINE IMAGE":
                self._inline_image(args[0], resources, state)

    # -- graphics state --------------------------------------------------------------
    def _extgstate(self, resources, name, state: State) -> None:
        gs = (resources.get("/ExtGState") or {}).get(str(name)) if resources is not None else None
        if gs is None:
            return
        if "/op" in gs:
            state.fill_op = bool(gs["/op"])
        if "/OP" in gs:
            state.stroke_op = bool(gs["/OP"])
            if "/op" not in gs:
                state.fill_op = bool(gs["/OP"])
        if "/OPM" in gs:
            state.opm = int(gs["/OPM"])
        if self.mode != "1a":
            return
        for key in ("/CA", "/ca"):
            if key in gs and float(gs[key]) < 1:
                self.f.add("error", "transparency", f"opacity {key[1:]} {float(gs[key]):g} (PDF/X-1a allows no "
                           "transparency)", self.page, hint="flatten transparency before making PDF/X-1a")
        if str(gs.get("/SMask", "/None")) != "/None":
            self.f.add("error", "transparency", "a soft mask (SMask) in the graphics state", self.page)
        if "/BM" in gs and str(gs["/BM"]) not in TRANSPARENT_BLEND:
            self.f.add("error", "transparency", f"blend mode {str(gs['/BM'])[1:]}", self.page)

    # -- colour ------------------------------------------------------------------------
    def _ink(self, space: Space, value: tuple, what: str, f=None) -> None:
        if space.kind == "cmyk" and len(value) == 4:
            total = sum(value) * 100
            if total > self.limits.ink_limit + 0.5:
                c, m, y, k = (round(v * 100) for v in value)
                (f or self.f).add("error", "ink-limit", f"{what} colour C{c} M{m} Y{y} K{k} has {total:.0f} % ink, over "
                           f"the {self.limits.ink_limit:g} % limit", self.page, ink=round(total, 1))

    def _pattern(self, resources, name) -> None:
        pattern = (resources.get("/Pattern") or {}).get(str(name)) if resources is not None else None
        if pattern is not None and int(pattern.get("/PatternType", 0)) == 2:
            self._shading(pattern.get("/Shading"), resources)

    def _shading(self, shading, resources) -> None:
        if shading is not None:
            check_space(classify(shading.get("/ColorSpace"), resources), "a shading", self.page, self.mode, self.f)

    # -- text ------------------------------------------------------------------------
    def _text(self, state: State) -> None:
        key = (state.render_mode, state.font_size, state.tm[:4], state.ctm[:4], state.fill_space.kind, state.fill,
               state.fill_op, state.opm)  # everything _text_findings reads (the translations do not count)
        found = self.texts_seen.get(key)
        if found is None:
            record = _Record()
            self._text_findings(state, record)
            found = self.texts_seen[key] = tuple(record.calls)
        for args, numbers in found:
            self.f.add(*args, **numbers)

    def _text_findings(self, state: State, f) -> None:
        if state.render_mode in (3, 7):
            return  # invisible (OCR layers, clipping only)
        size = state.font_size * _scale(_mul(state.tm, state.ctm))
        space, value, lim = state.fill_space, state.fill, self.limits
        self._ink(space, value, "text", f)
        if space.kind == "gray" and value:
            value, space = (0.0, 0.0, 0.0, 1.0 - value[0]), Space("cmyk")
        if space.kind != "cmyk" or len(value) != 4:
            return
        c, m, y, k = value
        inks = sum(1 for v in value if v > INK)
        if k >= BLACK_K and max(c, m, y) <= INK:
            if not (state.fill_op and state.opm == 1):
                f.add("error", "black-overprint", "black text does not overprint (op true, OPM 1)", self.page,
                      hint="solid black text must print over what is under it")
        elif k >= RICH_K and inks > 1:
            if size < lim.rich_black_min:
                f.add("error", "rich-black-text", f"{size:.1f} pt text in rich black (C{c * 100:.0f} M{m * 100:.0f} "
                      f"Y{y * 100:.0f} K{k * 100:.0f}), under {lim.rich_black_min:g} pt", self.page,
                      size=round(size, 2), hint="small black text must be K only")
        elif inks == 0:
            if size < lim.colour_text_min:
                f.add("error", "reversed-text", f"{size:.1f} pt reversed (white) text, under "
                      f"{lim.colour_text_min:g} pt", self.page, size=round(size, 2),
                      hint="thin white strokes fill in on newsprint: set reversed text larger and bolder")
        elif inks > 1 and size < lim.colour_text_min:
            f.add("error", "colour-text", f"{size:.1f} pt text in {inks} inks, under {lim.colour_text_min:g} pt",
                  self.page, size=round(size, 2), hint="small text in several inks blurs when register drifts")

    def _rule(self, state: State) -> None:
        width = state.line_width * _scale(state.ctm)
        if width < self.limits.min_rule - 1e-6:
            self.f.add("error", "thin-rule", f"a {width:.2f} pt line, under {self.limits.min_rule:g} pt", self.page,
                       width=round(width, 3), hint="hairlines break up on newsprint")

    # -- images and forms --------------------------------------------------------------
    def _xobject(self, resources, name, state: State, depth: int) -> None:
        xobject = (resources.get("/XObject") or {}).get(str(name)) if resources is not None else None
        if xobject is None:
            return
        subtype = str(xobject.get("/Subtype", ""))
        if subtype == "/Image":
            self._image(xobject, xobject, resources, state)
        elif subtype == "/Form" and depth < 12:
            group = xobject.get("/Group")
            if self.mode == "1a" and group is not None and str(group.get("/S", "")) == "/Transparency":
                self.f.add("error", "transparency", "a transparency group (not allowed in PDF/X-1a)", self.page)
            inner = replace(state)
            matrix = tuple(float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
            inner.ctm = _mul(matrix, state.ctm)
            self.run(pikepdf.parse_content_stream(xobject), xobject.get("/Resources") or resources, inner, depth + 1)

    def _image(self, image, obj, resources, state: State) -> None:
        if bool(image.get("/ImageMask", False)):
            self._ink(state.fill_space, state.fill, "image mask")
            return
        space = classify(image.get("/ColorSpace", pikepdf.Name.DeviceGray), resources)
        check_space(space, "a picture", self.page, self.mode, self.f)
        if self.mode == "1a" and ("/SMask" in image or int(image.get("/SMaskInData", 0))):
            self.f.add("error", "transparency", "a picture with a soft mask (SMask)", self.page)
        a, b, c, d = state.ctm[:4]
        w_in, h_in = math.hypot(a, b) / 72, math.hypot(c, d) / 72
        if w_in > 0 and h_in > 0:
            ppi = min(int(image.get("/Width", 0)) / w_in, int(image.get("/Height", 0)) / h_in)
            if ppi < self.limits.min_ppi:
                self.f.add("error", "image-resolution", f"a picture at {ppi:.0f} ppi effective, under "
                           f"{self.limits.min_ppi:g} ppi", self.page, ppi=round(ppi),
                           hint="use a larger original or place the picture smaller")
        if space.kind == "cmyk" and isinstance(obj, pikepdf.Object):
            key = obj.objgen
            if key not in self.images_seen:
                self.images_seen[key] = pixels.max_coverage(obj)
            total = self.images_seen[key]
            if total is not None and total > self.limits.ink_limit + pixels.TOLERANCE:
                self.f.add("error", "ink-limit", f"a picture has pixels with {total:.0f} % ink, over the "
                           f"{self.limits.ink_limit:g} % limit", self.page, ink=round(total, 1),
                           hint="separate pictures with the press profile (its ink limit)")

    def _inline_image(self, inline, resources, state: State) -> None:
        info = inline.obj if hasattr(inline, "obj") else pikepdf.Dictionary()
        cs = info.get("/CS", info.get("/ColorSpace", pikepdf.Name.DeviceGray))
        fake = pikepdf.Dictionary({"/Width": info.get("/W", info.get("/Width", 0)),
                                   "/Height": info.get("/H", info.get("/Height", 0)), "/ColorSpace": cs,
                                   "/ImageMask": info.get("/IM", info.get("/ImageMask", False))})
        self._image(fake, None, resources, state)
