import { useId } from 'react';
import type { MonitorStatus, Topology, TopologyEdge, TopologyNode } from '../api/monitor-api';

const NODE_WIDTH = 136;
const NODE_HEIGHT = 52;
const ROW_GAP = 150;
const COLUMN_WIDTH = 176;
const MARGIN = 70;

const KIND_LABELS: Readonly<Record<TopologyEdge['kind'], string>> = { call: 'calls', queue: 'queue', infrastructure: 'uses' };
const NODE_KIND_LABELS: Readonly<Record<TopologyNode['kind'], string>> = { service: 'service', infrastructure: 'infrastructure', external: 'external host' };
const NODE_NAMES: Readonly<Record<string, string>> = { postgres: 'PostgreSQL', redis: 'Redis', hsm: 'HSM' };

export function nodeName(id: string): string {
  return NODE_NAMES[id] ?? id;
}

export function latencyText(latencyMs: number | null): string {
  if (latencyMs === null) return '—';
  return latencyMs < 10 ? `${latencyMs.toFixed(1)} ms` : `${Math.round(latencyMs)} ms`;
}

interface Placed {
  readonly node: TopologyNode;
  readonly x: number;
  readonly y: number;
  readonly row: number;
  readonly column: number;
}

/** How high above its row an edge between two nodes of the row arches: queues above calls, longer spans higher, a→b and b→a apart. */
function arcHeight(edge: TopologyEdge, sourceColumn: number, targetColumn: number): number {
  return (edge.kind === 'queue' ? 72 : 34) + 20 * (Math.abs(targetColumn - sourceColumn) - 1) + (sourceColumn < targetColumn ? 0 : 14);
}

/**
 * Rows: external hosts (if any) above the services, infrastructure below; each row spread evenly,
 * with room above a row for the arches of the edges within it.
 */
function layout(nodes: readonly TopologyNode[], edges: readonly TopologyEdge[]): { placed: Map<string, Placed>; width: number; height: number } {
  const rows = [nodes.filter((node) => node.kind === 'external'), nodes.filter((node) => node.kind === 'service'), nodes.filter((node) => node.kind === 'infrastructure')].filter((row) => row.length > 0);
  const widest = Math.max(1, ...rows.map((row) => row.length));
  const width = Math.max(560, widest * COLUMN_WIDTH + 2 * MARGIN);
  const position = new Map<string, { row: number; column: number }>();
  rows.forEach((row, rowIndex) => row.forEach((node, column) => position.set(node.id, { row: rowIndex, column })));
  const archRoom = rows.map(() => 0);
  for (const edge of edges) {
    const source = position.get(edge.source);
    const target = position.get(edge.target);
    if (source && target && source.row === target.row) archRoom[source.row] = Math.max(archRoom[source.row]!, arcHeight(edge, source.column, target.column) + 16);
  }
  const placed = new Map<string, Placed>();
  let y = MARGIN - ROW_GAP;
  rows.forEach((row, rowIndex) => {
    y += ROW_GAP + archRoom[rowIndex]!;
    const step = (width - 2 * MARGIN) / row.length;
    row.forEach((node, column) => placed.set(node.id, { node, row: rowIndex, column, x: MARGIN + step * (column + 0.5), y }));
  });
  return { placed, width, height: y + MARGIN };
}

/** Where the segment from a node's centre towards (dx, dy) leaves its box. */
function boundary(from: Placed, dx: number, dy: number): { x: number; y: number } {
  const scale = Math.min(dx === 0 ? Infinity : NODE_WIDTH / 2 / Math.abs(dx), dy === 0 ? Infinity : NODE_HEIGHT / 2 / Math.abs(dy));
  return { x: from.x + dx * scale, y: from.y + dy * scale };
}

/** The path of an edge (an arch above the row between nodes of one row) and where its label goes. */
function edgePath(source: Placed, target: Placed, edge: TopologyEdge): { d: string; labelX: number; labelY: number } {
  if (source.row === target.row) {
    const height = arcHeight(edge, source.column, target.column);
    const direction = target.x > source.x ? 1 : -1;
    const start = { x: source.x + direction * (edge.kind === 'queue' ? 34 : 14), y: source.y - NODE_HEIGHT / 2 };
    const end = { x: target.x - direction * (edge.kind === 'queue' ? 34 : 14), y: target.y - NODE_HEIGHT / 2 };
    // A quadratic curve reaches half-way to its control point.
    const control = { x: (start.x + end.x) / 2, y: start.y - 2 * height };
    return { d: `M ${start.x} ${start.y} Q ${control.x} ${control.y} ${end.x} ${end.y}`, labelX: control.x, labelY: start.y - height - 4 };
  }
  const start = boundary(source, target.x - source.x, target.y - source.y);
  const end = boundary(target, source.x - target.x, source.y - target.y);
  return { d: `M ${start.x} ${start.y} L ${end.x} ${end.y}`, labelX: (start.x + end.x) / 2, labelY: (start.y + end.y) / 2 };
}

function edgeName(edge: TopologyEdge): string {
  return `${nodeName(edge.source)} ${KIND_LABELS[edge.kind]} ${nodeName(edge.target)}${edge.label ? ` (${edge.label})` : ''}`;
}

/** A one-sentence account of the graph for screen readers: what is not up comes first. */
export function topologySummary(topology: Topology): string {
  const services = topology.nodes.filter((node) => node.kind === 'service').length;
  const troubled = [...topology.nodes.filter((node) => node.status !== 'up').map((node) => `${nodeName(node.id)} is ${node.status}`), ...topology.edges.filter((edge) => edge.status !== 'up').map((edge) => `${edgeName(edge)} is ${edge.status}`)];
  const counts = `${services} service${services === 1 ? '' : 's'}, ${topology.nodes.length - services} other node${topology.nodes.length - services === 1 ? '' : 's'}, ${topology.edges.length} connection${topology.edges.length === 1 ? '' : 's'}`;
  return troubled.length === 0 ? `${counts}; everything is up.` : `${counts}; ${troubled.join('; ')}.`;
}

/**
 * The monitor's live topology (`GET /topology`) drawn as an SVG graph — services in the middle
 * row, infrastructure below, external hosts above; colour, line style and the status word all say
 * the status, so it does not rest on colour alone — with the same facts as two tables for screen
 * readers and keyboard users.
 */
export function TopologyGraph({ topology }: { readonly topology: Topology }) {
  const id = useId();
  const { placed, width, height } = layout(topology.nodes, topology.edges);
  const marker = (status: MonitorStatus) => `${id}-arrow-${status}`;
  const drawn = topology.edges.flatMap((edge, index) => {
    const source = placed.get(edge.source);
    const target = placed.get(edge.target);
    return source && target ? [{ edge, index, ...edgePath(source, target, edge) }] : [];
  });
  return (
    <div className="topology">
      <svg className="topology-graph" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-title`}>Platform topology</title>
        <desc id={`${id}-desc`}>{topologySummary(topology)}</desc>
        <defs>
          {(['up', 'degraded', 'down', 'unknown'] as const).map((status) => (
            <marker key={status} id={marker(status)} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" className={`arrow status-${status}`} />
            </marker>
          ))}
        </defs>
        <g aria-hidden="true">
          {drawn.map(({ edge, index, d, labelX, labelY }) => (
            <g key={index} className={`edge edge-${edge.kind} status-${edge.status}`} data-testid={`edge-${edge.source}-${edge.target}-${edge.kind}`}>
              <path d={d} markerEnd={`url(#${marker(edge.status)})`} fill="none" />
              {/* Infrastructure probes would crowd the picture: their latencies are in the table. */}
              {edge.kind === 'call' && edge.latencyMs !== null && (
                <text x={labelX} y={labelY} className="edge-label" textAnchor="middle">
                  {latencyText(edge.latencyMs)}
                </text>
              )}
            </g>
          ))}
          {[...placed.values()].map(({ node, x, y }) => (
            <g key={node.id} className={`node node-${node.kind} status-${node.status}`} transform={`translate(${x - NODE_WIDTH / 2} ${y - NODE_HEIGHT / 2})`}>
              <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={8} />
              <text x={NODE_WIDTH / 2} y={21} textAnchor="middle" className="node-name">
                {nodeName(node.id)}
              </text>
              <text x={NODE_WIDTH / 2} y={40} textAnchor="middle" className="node-status">
                {node.status}
                {node.latencyMs !== null ? ` · ${latencyText(node.latencyMs)}` : ''}
              </text>
            </g>
          ))}
        </g>
      </svg>
      <p className="legend" aria-hidden="true">
        <span className="legend-item status-up">── up</span> <span className="legend-item status-degraded">╌╌ degraded</span> <span className="legend-item status-down">━ ━ down</span> <span className="legend-item status-unknown">┄┄ unknown</span> · arches: calls (lower) and queues (higher) between services; latencies of every connection in the table
      </p>
      <div className="table-scroll">
        <table className="results compact">
          <caption>Connections</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Latency</th>
            </tr>
          </thead>
          <tbody>
            {topology.edges.map((edge, index) => (
              <tr key={index}>
                <td>{nodeName(edge.source)}</td>
                <td>{nodeName(edge.target)}</td>
                <td>
                  {edge.kind === 'call' ? 'call' : edge.kind === 'queue' ? `queue ${edge.label}` : `${edge.label} check`}
                  {edge.kind === 'call' && !edge.observed ? ' (declared, not seen yet)' : ''}
                </td>
                <td>
                  <StatusText status={edge.status} />
                </td>
                <td>
                  {latencyText(edge.latencyMs)}
                  {edge.latencySource === 'monitor' ? ' (monitor’s probe)' : ''}
                  {edge.counts ? ` · ${Object.entries(edge.counts).map(([state, count]) => `${count} ${state}`).join(', ')}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-scroll">
        <table className="results compact">
          <caption>Nodes</caption>
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Readiness round trip</th>
            </tr>
          </thead>
          <tbody>
            {topology.nodes.map((node) => (
              <tr key={node.id}>
                <td>{nodeName(node.id)}</td>
                <td>{NODE_KIND_LABELS[node.kind]}</td>
                <td>
                  <StatusText status={node.status} />
                </td>
                <td>{latencyText(node.latencyMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function StatusText({ status }: { readonly status: string }) {
  return <span className={`status-badge status-${status}`}>{status}</span>;
}
