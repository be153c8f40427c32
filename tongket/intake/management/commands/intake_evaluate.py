"""`manage.py intake_evaluate`: precision, recall and F1 of the fact reading per field group
on the labelled corpus (tune and dev halves), and its throughput. See docs/benchmarks.md."""

import json

from django.core.management.base import BaseCommand

from tongket.intake.evaluation import GROUPS, SPLITS, evaluate, throughput


class Command(BaseCommand):
    help = "Measure the fact reading on the labelled corpus: micro P/R/F1 per group, throughput."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
        parser.add_argument(
            "--errors", action="store_true", help="List every missed or extra fact."
        )
        parser.add_argument("--seconds", type=float, default=2.0, help="Throughput run length.")
        parser.add_argument("--no-throughput", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        splits = SPLITS if options["split"] == "all" else (options["split"],)
        reports = [evaluate(split) for split in splits]
        speed = None if options["no_throughput"] else throughput(options["seconds"])
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"splits": [r.as_dict() for r in reports], "throughput": speed},
                    ensure_ascii=False,
                    indent=1,
                )
            )
            return
        for report in reports:
            self.stdout.write(
                f"{report.split}: {report.texts} texts, published date right in "
                f"{report.published_right}, legacy encodings detected {report.legacy_right}/"
                f"{report.legacy_texts}"
            )
            self.stdout.write(
                f"  {'group':<12} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'read':>5}"
            )
            for group in GROUPS:
                score = report.scores[group]
                self.stdout.write(
                    f"  {group:<12} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f}"
                    f" {score.gold:5d} {score.predicted:5d}"
                )
            if options["errors"]:
                for error in report.errors:
                    self.stdout.write(f"  {error}")
        if speed:
            self.stdout.write(
                f"throughput: {speed['sentences_per_second']:,} sentences/s, "
                f"{speed['characters_per_second']:,} characters/s "
                f"({speed['sentences']:,} sentences in {speed['seconds']} s of CPU time on one "
                f"core, {speed['wall_seconds']} s wall)"
            )
