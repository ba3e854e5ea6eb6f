"""The sociogram of one group as a network picture a teacher can read (server-side SVG, no script, no style).

Pupils sit on a circle, labelled with their code and (where the school keeps them) first name. A positive choice is
an arrow, a mutual one a thick line; negative choices are drawn only on request, as dashed red arrows. A pupil
nobody chose positively is **isolated** (red, square); one who was chosen at the previous measurement and no
longer is, is **newly isolated** (also an outer ring and "nieuw"). The comparison follows the pupils: their choices
at the earlier moment in whatever group they were then. The SVG goes into an <img> as a data URI (pages and PDF),
with the table of received choices as its text alternative.
"""

import base64
import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.translation import gettext as _

from kanvas.sociogram import PupilChoices, choices_at

SIZE = 1000  # the picture's width in SVG units; its height grows with the legend
CENTRE = 500
NODE = 17
FONT = 17
NAME_CHARS = 14  # a longer first name is shortened in the picture, so every label fits inside it
COLOURS = {
    "node": "#0b3d6e",
    "isolated": "#c0504d",
    "positive": "#5a6b7d",
    "mutual": "#4f8a3b",
    "negative": "#c0504d",
    "text": "#111111",
}


@dataclass
class Node:
    choices: PupilChoices
    x: float
    y: float
    isolated: bool
    newly_isolated: bool


def marks(
    pupils: list[PupilChoices], earlier: dict[int, PupilChoices] | None
) -> dict[int, tuple[bool, bool]]:
    """{pupil id: (isolated, newly isolated)}; `earlier` is {pupil id: choices} at the previous measurement (None:
    no comparison). Newly isolated: isolated now, chosen positively at least once then."""
    result = {}
    for p in pupils:
        isolated = p.positive == 0
        before = earlier.get(p.pupil_id) if earlier else None
        result[p.pupil_id] = (isolated, isolated and before is not None and before.positive > 0)
    return result


def network_svg(
    pupils: list[PupilChoices],
    *,
    earlier: dict[int, PupilChoices] | None = None,
    negative: bool = False,
    first_names: bool = True,
) -> str:
    """The SVG markup of the group's network (see the module's docstring)."""
    pupils = sorted(pupils, key=lambda p: p.code)
    count = max(1, len(pupils))
    radius = CENTRE - 195  # room for the labels (code, first name, mark) outside the circle
    flags = marks(pupils, earlier)
    nodes = {}
    for i, p in enumerate(pupils):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        x, y = CENTRE + radius * math.cos(angle), CENTRE + radius * math.sin(angle)
        nodes[p.code] = Node(p, x, y, *flags[p.pupil_id])
    positive = {(p.code, c) for p in pupils for c in p.chose if c in nodes}
    lines = []
    for source, target in sorted(positive):
        mutual = (target, source) in positive
        if mutual and source > target:
            continue
        lines.append(
            _edge(nodes[source], nodes[target], "mutual" if mutual else "positive", arrow=not mutual)
        )
    if negative:
        for p in pupils:
            for target in sorted(set(p.rejected)):
                if target in nodes:
                    lines.append(_edge(nodes[p.code], nodes[target], "negative", arrow=True, dashed=True))
    shapes = [_node(node, first_names) for node in nodes.values()]
    legend, height = _legend(negative=negative, compared=earlier is not None)
    title = escape(_("Sociogram"))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {height}" width="{SIZE}" height="{height}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="{FONT}"><title>{title}</title>'
        f"<defs>{_marker('positive')}{_marker('mutual')}{_marker('negative')}</defs>"
        f'<rect x="0" y="0" width="{SIZE}" height="{height}" fill="#ffffff"/>'
        + "".join(lines)
        + "".join(shapes)
        + legend
        + "</svg>"
    )


def network_picture(pupils, **kwargs) -> str:
    """`network_svg` as a data URI for an <img> (the page's CSP allows no inline SVG styles or scripts)."""
    svg = network_svg(pupils, **kwargs)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _marker(kind: str) -> str:
    return (
        f'<marker id="pijl-{kind}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" '
        f'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{COLOURS[kind]}"/></marker>'
    )


def _edge(a: Node, b: Node, kind: str, *, arrow: bool, dashed: bool = False) -> str:
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1
    gap = NODE + 4
    x1, y1 = a.x + dx / length * gap, a.y + dy / length * gap
    x2, y2 = b.x - dx / length * gap, b.y - dy / length * gap
    width = {"mutual": 4, "positive": 1.6, "negative": 1.8}[kind]
    extra = ' stroke-dasharray="8 5"' if dashed else ""
    end = f' marker-end="url(#pijl-{kind})"' if arrow else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{COLOURS[kind]}" '
        f'stroke-width="{width}"{extra}{end}/>'
    )


def _node(node: Node, first_names: bool) -> str:
    x, y = node.x, node.y
    parts = []
    if node.isolated:
        parts.append(
            f'<rect x="{x - NODE:.1f}" y="{y - NODE:.1f}" width="{2 * NODE}" height="{2 * NODE}" '
            f'fill="{COLOURS["isolated"]}"/>'
        )
    else:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{NODE}" fill="{COLOURS["node"]}"/>')
    if node.newly_isolated:
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{NODE + 9}" fill="none" stroke="{COLOURS["isolated"]}" '
            f'stroke-width="3"/>'
        )
    # The label sits outside the circle, on the line from the centre through the pupil.
    dx, dy = x - CENTRE, y - CENTRE
    length = math.hypot(dx, dy) or 1
    lx, ly = x + dx / length * (NODE + 18), y + dy / length * (NODE + 18)
    cos = dx / length
    anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
    lines = [node.choices.code]
    if first_names and node.choices.first_name:
        name = node.choices.first_name
        lines.append(
            name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"
        )  # in full in the table
    if node.newly_isolated:
        lines.append(_("nieuw geïsoleerd"))
    elif node.isolated:
        lines.append(_("geïsoleerd"))
    top = ly - (len(lines) - 1) * FONT * 0.55 + FONT * 0.35
    spans = "".join(
        f'<tspan x="{lx:.1f}" y="{top + i * FONT * 1.1:.1f}"'
        + (' font-weight="bold"' if i == 0 else ' font-size="15"')
        + f">{escape(text)}</tspan>"
        for i, text in enumerate(lines)
    )
    parts.append(f'<text text-anchor="{anchor}" fill="{COLOURS["text"]}">{spans}</text>')
    return "".join(parts)


def _legend(*, negative: bool, compared: bool) -> tuple[str, int]:
    rows = [
        ("positive", _("positieve keuze (pijl naar wie gekozen is)")),
        ("mutual", _("wederzijdse positieve keuze")),
    ]
    if negative:
        rows.append(("negative", _("negatieve keuze")))
    rows.append(("isolated", _("geïsoleerd: door niemand positief gekozen")))
    if compared:
        rows.append(("newly", _("nieuw geïsoleerd: bij de vorige meting wel gekozen")))
    top = SIZE + 10
    parts = []
    for i, (kind, text) in enumerate(rows):
        y = top + i * 30
        if kind == "isolated":
            sign = f'<rect x="40" y="{y - 10}" width="20" height="20" fill="{COLOURS["isolated"]}"/>'
        elif kind == "newly":
            sign = f'<circle cx="50" cy="{y}" r="14" fill="none" stroke="{COLOURS["isolated"]}" stroke-width="3"/>'
        else:
            dash = ' stroke-dasharray="8 5"' if kind == "negative" else ""
            width = 4 if kind == "mutual" else 1.8
            end = "" if kind == "mutual" else f' marker-end="url(#pijl-{kind})"'
            sign = (
                f'<line x1="20" y1="{y}" x2="80" y2="{y}" stroke="{COLOURS[kind]}" stroke-width="{width}"'
                f"{dash}{end}/>"
            )
        parts.append(f'{sign}<text x="95" y="{y + 6}" fill="{COLOURS["text"]}">{escape(text)}</text>')
    return "".join(parts), top + len(rows) * 30 + 10


def group_network(
    *,
    school,
    group_id: int,
    moment: str,
    compare: str | None,
    negative: bool = False,
    first_names: bool = True,
) -> dict | None:
    """The group's sociogram at `moment` for a page or the group report: its pupils (with `isolated` and
    `newly_isolated` set), the picture and the pupils so marked; None when the group has no sociogram then.
    Four queries (two without `compare`)."""
    pupils = sorted(
        choices_at(school=school, moment=moment, group_ids={group_id}).values(), key=lambda p: p.code
    )
    if not pupils:
        return None
    earlier = choices_at(school=school, moment=compare) if compare else None
    flags = marks(pupils, earlier)
    for p in pupils:
        p.isolated, p.newly_isolated = flags[p.pupil_id]
    return {
        "pupils": pupils,
        "picture": network_picture(pupils, earlier=earlier, negative=negative, first_names=first_names),
        "isolated": [p for p in pupils if p.isolated],
        "newly_isolated": [p for p in pupils if p.newly_isolated],
        "compare": compare if earlier else None,
    }
