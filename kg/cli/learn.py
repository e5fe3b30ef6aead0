"""The `kg train` command: a relation model from annotated news, the user's and the shipped."""
from __future__ import annotations

from pathlib import Path

import click

from ..extract.model import LONG_TEXT
from .base import cli


@cli.command()
@click.argument("gold", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--texts", "texts", multiple=True, metavar="PATH",
              help="Where the gold documents' texts are: text files, JSONL or folders, as kg build "
                   "reads them; repeatable.")
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the model to (model.json, weights.npz).")
@click.option("--no-shipped", is_flag=True,
              help="Learn from the gold given only, not also from the training data shipped with "
                   "actor-kg.")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True,
              help="Cross-validation folds that choose the threshold and calibrate the confidence.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the folds' shuffle.")
def train(gold, texts, output, no_shipped, folds, seed):
    """Train the relation model on gold annotations (the kg eval format) and write it to a folder
    that kg build --model reads. With no GOLD, the shipped training data alone (make model)."""
    from .. import api

    report = api.train(gold, texts, output, shipped=not no_shipped, folds=folds, seed=seed,
                       progress=lambda msg: click.echo(msg, err=True))
    for key, value in report.alignment.items():
        click.echo(f"  {key}: {value}", err=True)
    for name, s in sorted(report.scores.items()):
        m = s.summary()
        click.echo(f"cross-validated {name}: precision {m['precision']:.3f} recall {m['recall']:.3f} "
                   f"F1 {m['f1']:.3f} (tp {m['tp']} fp {m['fp']} fn {m['fn']}; core {m['core']})")
    long = report.model.long_threshold
    click.echo(f"threshold {report.model.threshold}"
               + (f", {long} in texts of {LONG_TEXT:,} characters or more" if long is not None else "")
               + f" (found by the frames too: {report.model.frame_threshold}); "
               f"model written to {report.folder}", err=True)
