/**
 * A horizontal bar chart as plain SVG, drawn on the server: no script, readable by screen readers through
 * its title and the data table printed beside it (the chart itself is marked as an image of that table).
 */
export interface BarChart {
  width: number;
  height: number;
  labelWidth: number;
  barHeight: number;
  bars: { y: number; width: number; label: string; value: string; labelY: number; valueX: number }[];
}

export function barChart(
  rows: { label: string; value: number }[],
  options: { width?: number; barHeight?: number; labelWidth?: number } = {},
): BarChart {
  const width = options.width ?? 640;
  const barHeight = options.barHeight ?? 22;
  const labelWidth = options.labelWidth ?? 190;
  const gap = 8;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const room = width - labelWidth - 70;
  return {
    width,
    height: rows.length * (barHeight + gap) + gap,
    labelWidth,
    barHeight,
    bars: rows.map((row, i) => {
      const y = gap + i * (barHeight + gap);
      const barWidth = Math.max(row.value > 0 ? 2 : 0, Math.round((row.value / max) * room));
      return {
        y,
        width: barWidth,
        label: row.label,
        value: row.value.toLocaleString('en'),
        labelY: y + barHeight * 0.7,
        valueX: labelWidth + barWidth + 6,
      };
    }),
  };
}
