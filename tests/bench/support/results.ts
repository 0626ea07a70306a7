import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Summary } from './stats';

export interface Goal {
	/** As printed: `>= 0.9x raw`, `<= 40 KB`. */
	text: string;
	met: boolean;
	/** A size budget: failing it fails a full run. Timing goals are only reported. */
	budget?: boolean;
}

export interface ResultRow {
	bench: string;
	name: string;
	unit: string;
	value: Summary;
	baseline?: { name: string; value: Summary };
	/** Paired ratio value / baseline (or the inverse where a smaller figure is better; see `ratioOf`). */
	ratio?: Summary;
	ratioOf?: string;
	goal?: Goal;
	note?: string;
}

function fmt(v: number): string {
	if (!Number.isFinite(v)) return String(v);
	const a = Math.abs(v);
	if (a >= 1000) return Math.round(v).toLocaleString('en-US');
	if (a >= 100) return v.toFixed(0);
	if (a >= 10) return v.toFixed(1);
	return v.toFixed(2);
}

export function formatSummary(s: Summary, unit = ''): string {
	const u = unit ? ` ${unit}` : '';
	if (s.n === 1 || s.min === s.max) return `${fmt(s.median)}${u}`;
	return `${fmt(s.median)}${u} [${fmt(s.min)}–${fmt(s.max)}]`;
}

function formatRatio(s: Summary): string {
	if (s.n === 1 || s.min === s.max) return `${s.median.toFixed(2)}x`;
	return `${s.median.toFixed(2)}x [${s.min.toFixed(2)}–${s.max.toFixed(2)}]`;
}

/** One plain-text table, widths fitted to the content. */
export function renderTable(rows: readonly ResultRow[]): string {
	const header = ['bench', 'figure', 'median [min–max]', 'baseline', 'ratio', 'goal', 'status'];
	const lines = rows.map((r) => [
		r.bench,
		r.name,
		formatSummary(r.value, r.unit),
		r.baseline ? `${r.baseline.name}: ${formatSummary(r.baseline.value, r.unit)}` : '',
		r.ratio ? `${formatRatio(r.ratio)}${r.ratioOf ? ` ${r.ratioOf}` : ''}` : '',
		r.goal?.text ?? '',
		r.goal ? (r.goal.met ? 'met' : 'NOT MET') : ''
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
	const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
	const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
	return [row(header), rule, ...lines.map(row)].join('\n');
}

export function writeJson(path: string, data: unknown): void {
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, JSON.stringify(data, null, '\t') + '\n');
}
