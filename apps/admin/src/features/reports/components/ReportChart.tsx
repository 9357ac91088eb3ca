import { Chart } from 'chart.js';
import { useEffect, useRef } from 'react';
import { type ChartSpec, chartConfiguration, themeColours } from '../chart-spec';
import { useThemeVersion } from '../hooks/useThemeVersion';

/** A chart drawn with the theme's colours, drawn again when the theme changes; described in words for screen readers. */
export function ReportChart({ spec, label, descriptionId }: { spec: ChartSpec; label: string; descriptionId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const themeVersion = useThemeVersion();
  useEffect(() => {
    if (canvas.current === null) {
      return;
    }
    const chart = new Chart(canvas.current, chartConfiguration(spec, themeColours(canvas.current)));
    return () => chart.destroy();
  }, [spec, themeVersion]);
  const height = spec.horizontal === true ? Math.max(160, 56 + spec.labels.length * 44) : 260;
  return (
    <div className="report-chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} aria-describedby={descriptionId} />
    </div>
  );
}
