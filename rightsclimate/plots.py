"""Figure conventions: a colour-blind-safe palette and one call that finishes every figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
from cycler import cycler

# Okabe & Ito (2008) palette: distinguishable under the common forms of colour-vision deficiency.
PALETTE = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
COLOURS = [
    PALETTE[k]
    for k in ("blue", "orange", "bluish_green", "vermillion", "sky_blue", "reddish_purple", "yellow", "black")
]
# Sequential colour map that stays readable in greyscale and for colour-blind readers.
SEQUENTIAL_CMAP = "cividis"


def use_course_style() -> None:
    """Set the palette and readable defaults for every later figure in the session."""
    plt.rcParams["axes.prop_cycle"] = cycler(color=COLOURS)
    plt.rcParams["image.cmap"] = SEQUENTIAL_CMAP
    plt.rcParams["figure.dpi"] = 100
    plt.rcParams["axes.titlesize"] = "medium"
    plt.rcParams["axes.spines.top"] = False
    plt.rcParams["axes.spines.right"] = False


def finish(ax, *, title: str, xlabel: str, ylabel: str, source: str | None = None):
    """Give a figure its title and labelled axes (with units), and an optional source line."""
    if not (title and xlabel and ylabel):
        raise ValueError("every figure needs a title and both axis labels (with units)")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if source:
        ax.figure.text(0.01, 0.005, f"Source: {source}", fontsize="x-small", ha="left", va="bottom")
    ax.figure.tight_layout()
    return ax


def figure_html(fig, alt: str):
    """A figure as an HTML image with alt text, for widget outputs (``plt.show()``/``display(fig)`` give none).

    Used by the explorers, whose saved widget state is also rendered in the static book.
    """
    import base64
    import html
    import io

    from IPython.display import HTML

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return HTML(
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" style="max-width: 100%">'
    )
