"""Sobol total-order indices per design and output."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def plot_sensitivity(table: pd.DataFrame):
    """Total-order Sobol indices with their 95 % half-widths: one panel per output, designs by
    factors; each panel's title gives the largest share of replication noise, the floor below
    which an ST is noise."""
    outputs = list(dict.fromkeys(table["output"]))
    factors = list(dict.fromkeys(table["factor"]))
    designs = list(dict.fromkeys(table["design"]))
    fig, axes = plt.subplots(
        1,
        len(outputs),
        figsize=(0.85 * len(factors) * len(outputs) + 4, 0.45 * len(designs) + 2.5),
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    for ax, output in zip(axes[0], outputs, strict=True):
        rows = table[table["output"] == output]
        grid, half = (
            rows.pivot(index="design", columns="factor", values=column)
            .loc[designs, factors]
            .to_numpy(float)
            for column in ("ST", "ST_conf")
        )
        image = ax.imshow(np.clip(grid, 0, 1), vmin=0, vmax=1, cmap="magma_r", aspect="auto")
        ax.set_xticks(range(len(factors)), factors, rotation=30, ha="right")
        ax.set_yticks(range(len(designs)), designs)
        noise = rows.get("noise_share", pd.Series(dtype=float))
        noisiest = noise.max()  # NaN when it could not be estimated
        ax.set_title(output if np.isnan(noisiest) else f"{output}\n(noise share <= {noisiest:.2f})")
        for (i, j), v in np.ndenumerate(grid):
            text = "-" if np.isnan(v) else f"{v:.2f}\n+/-{half[i, j]:.2f}"
            dark = not np.isnan(v) and v > 0.55
            ax.text(j, i, text, ha="center", va="center", fontsize=7, color="w" if dark else "k")
    fig.colorbar(image, ax=list(axes[0]), label="ST (total order)")
    where = table.attrs.get("context", "")
    question = "Which uncertainty drives each output (Sobol total-order index, 95% half-width)"
    fig.suptitle(f"{question}\n{where}" if where else question, fontsize="medium")
    return fig
