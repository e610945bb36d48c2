/**
 * The run's DAG with live task states (@xyflow/react, laid out by ELK).
 * Loaded on demand (React.lazy) so neither library weighs on the first
 * page. Each node names its task, shows its state in words, and is a link
 * to the task's log (/runs/:id/tasks/:task); the graph pans and zooms.
 */
import { useEffect, useMemo, useState } from 'react';
import { Background, Controls, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Link, useLocation } from 'wouter';
import type { TaskRunRecord } from '../../../../shared/run-model.js';
import { StateBadge } from '../../../components/state-badge.js';
import { layoutDag, NODE_H, shapeKey, type DagLayout } from './dag-layout.js';
import './run-dag.css';

type TaskNodeData = { readonly task: TaskRunRecord; readonly href: string };
type TaskNode = Node<TaskNodeData, 'task'>;

function TaskNodeView({ data }: NodeProps<TaskNode>) {
  const { task, href } = data;
  return (
    <div className={`dag-node dag-${task.state}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <Link href={href} className="dag-link" aria-label={`${task.pipeline}, ${task.state.replace('_', ' ')}: open its log`}>
        {task.pipeline}
      </Link>
      <StateBadge state={task.state} />
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { task: TaskNodeView };

/** See the file comment. */
export default function RunDag({ runId, tasks }: { readonly runId: number; readonly tasks: readonly TaskRunRecord[] }) {
  const ordered = useMemo(() => [...tasks].sort((a, b) => a.topoIndex - b.topoIndex), [tasks]);
  const [, navigate] = useLocation();
  const shape = shapeKey(ordered);
  const [layout, setLayout] = useState<{ key: string; layout: DagLayout } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const started = performance.now();
    layoutDag(ordered)
      .then((laid) => {
        if (!live) return;
        setLayout({ key: shape, layout: laid });
        performance.mark('tickwork:dag-laid-out', { detail: { nodes: ordered.length, ms: performance.now() - started } });
      })
      .catch((err: unknown) => live && setError(String(err)));
    return () => {
      live = false;
    };
    // Laid out again only when the graph's shape changes, not its states.
  }, [shape]);

  const nodes = useMemo<TaskNode[]>(() => {
    if (!layout) return [];
    return ordered.map((task) => ({
      id: task.pipeline,
      type: 'task',
      position: layout.layout.positions.get(task.pipeline) ?? { x: 0, y: 0 },
      data: { task, href: `/runs/${runId}/tasks/${encodeURIComponent(task.pipeline)}` },
      draggable: false,
      selectable: false,
      connectable: false,
    }));
  }, [layout, ordered, runId]);
  const edges = useMemo<Edge[]>(() => {
    const present = new Set(ordered.map((t) => t.pipeline));
    const state = new Map(ordered.map((t) => [t.pipeline, t.state]));
    return ordered.flatMap((task) =>
      task.upstream.filter((up) => present.has(up)).map((up) => ({
        id: `${up}->${task.pipeline}`,
        source: up,
        target: task.pipeline,
        className: state.get(up) === 'running' ? 'dag-edge-live' : undefined,
        animated: state.get(up) === 'running',
        focusable: false,
      })),
    );
  }, [ordered]);

  // As tall as the graph (within bounds), so a short chain does not float in a tall empty pane.
  const graphHeight = layout ? Math.max(...[...layout.layout.positions.values()].map((p) => p.y), 0) + NODE_H : 0;
  const height = Math.round(Math.min(560, Math.max(220, graphHeight + 90)));
  if (error) return <p className="empty" role="alert">Could not lay out the graph: {error}</p>;
  if (!layout) return <p className="empty">Laying out {ordered.length} tasks…</p>;
  return (
    <div className="dag" style={{ height }} role="group" aria-label={`Task graph: ${ordered.length} tasks; each task links to its log`}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        fitView
        fitViewOptions={{ padding: 0.1, maxZoom: 1.2 }}
        minZoom={0.05}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        // A click anywhere on a node opens its log (the link inside handles its own click and keys).
        onNodeClick={(event, node: TaskNode) => {
          if (!event.defaultPrevented) navigate(node.data.href);
        }}
        onlyRenderVisibleElements={ordered.length > 200}
        proOptions={{ hideAttribution: true }}
        colorMode="light"
      >
        <Background gap={16} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
