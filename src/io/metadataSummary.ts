import type { MetadataRow } from "./metadata.js";

/** Cell counts per experiment / donor / condition, split by label (unlabelled cells as "-1"). */
export interface MetadataSummary {
  /** Labels in first-seen order, "-1" (unlabelled) last when present. */
  labels: string[];
  groups: { experiment: string; donor: string; condition: string; total: number; perLabel: number[] }[];
}

/** Counts cells per experiment/donor/condition and label, in the metadata's row order. */
export function summariseMetadata(rows: readonly MetadataRow[]): MetadataSummary {
  const labels: string[] = [];
  for (const row of rows) if (row.label !== "-1" && !labels.includes(row.label)) labels.push(row.label);
  labels.sort();
  if (rows.some((r) => r.label === "-1")) labels.push("-1");
  const groups: MetadataSummary["groups"] = [];
  const index = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.experiment}\u0000${row.donor}\u0000${row.condition}`;
    let at = index.get(key);
    if (at === undefined) {
      at = groups.length;
      index.set(key, at);
      groups.push({
        experiment: row.experiment,
        donor: row.donor,
        condition: row.condition,
        total: 0,
        perLabel: labels.map(() => 0),
      });
    }
    groups[at].total++;
    groups[at].perLabel[labels.indexOf(row.label)]++;
  }
  return { labels, groups };
}

/** Renders a summary as an aligned plain-text table with a total row. */
export function formatMetadataSummary(summary: MetadataSummary): string {
  const header = [
    "experiment",
    "donor",
    "condition",
    "cells",
    ...summary.labels.map((l) => (l === "-1" ? "unlabeled" : l)),
  ];
  const body = summary.groups.map((g) => [
    g.experiment,
    g.donor,
    g.condition,
    String(g.total),
    ...g.perLabel.map(String),
  ]);
  const totals = summary.labels.map((_, i) => summary.groups.reduce((sum, g) => sum + g.perLabel[i], 0));
  body.push([
    "total",
    "",
    "",
    String(summary.groups.reduce((s, g) => s + g.total, 0)),
    ...totals.map(String),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}
