// A horizontal bar chart drawn on the server as SVG: no script, nothing to download, printable. The same
// figures are in the table beside it, which is what screen readers read; the chart is a picture of them.
// Right-to-left pages get the chart mirrored (labels on the right, bars growing leftwards).
import type { View } from '../../../kernel/ui/view.js';

export interface Bar {
  label: string;
  /** null: the figure is not shown (fewer than five people). */
  value: number | null;
  /** The value as written next to the bar. */
  text: string;
}

const WIDTH = 720;
const LABEL_WIDTH = 280;
const VALUE_WIDTH = 110;
const ROW = 26;
const BAR = 16;

export function BarChart({ view, title, bars }: { view: View; title: string; bars: Bar[] }) {
  if (bars.length === 0) return '';
  const rtl = view.tr.dir === 'rtl';
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const room = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = bars.length * ROW + 8;
  // x measured from the start of the reading direction.
  const x = (fromStart: number, width = 0) => (rtl ? WIDTH - fromStart - width : fromStart);
  const anchor = (a: 'start' | 'end') => (rtl ? (a === 'start' ? 'end' : 'start') : a);
  return (
    <svg
      class="ponte-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-label={view.t('figures.chartLabel', { title })}
      direction="ltr"
      font-size="13"
      xmlns="http://www.w3.org/2000/svg"
    >
      {bars.map((b, i) => {
        const y = 4 + i * ROW;
        const w = b.value === null ? 0 : Math.max(2, Math.round((b.value / max) * room));
        return (
          <g>
            <text x={x(LABEL_WIDTH - 8)} y={y + BAR - 3} text-anchor={anchor('end')} fill="#1a1a1a" safe>
              {b.label}
            </text>
            {b.value === null ? '' : <rect x={x(LABEL_WIDTH, w)} y={y} width={w} height={BAR} fill="#0066cc" />}
            <text x={x(LABEL_WIDTH + w + 6)} y={y + BAR - 3} text-anchor={anchor('start')} fill={b.value === null ? '#5c6f82' : '#1a1a1a'} safe>
              {b.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
