/**
 * Freezes what a pipeline writes to and reads from the lake into its task
 * spec when a run is planned: the datasets it provides and requires (names in
 * provides/requires that are no declared dataset are signals, not data) and
 * the lake's location. Pure.
 */
import type { DatasetConfig, PipelineConfig, ProjectConfig } from '../../../shared/config-model.js';
import type { TaskDataset, TaskLake } from '../../../shared/run-model.js';
import { rangeFolder } from './lake-layout.js';

/** `{lake}` for a pipeline that provides or requires a dataset, else nothing. */
export function taskLakeOf(project: ProjectConfig, pipeline: PipelineConfig): { readonly lake?: TaskLake } {
  const datasets = project.datasets;
  if (!datasets || datasets.size === 0 || !project.lake) return {};
  const outputs = pipeline.provides.flatMap((name) => (datasets.has(name) ? [taskDataset(datasets.get(name)!)] : []));
  const inputs = pipeline.requires.flatMap((name) => {
    const dataset = datasets.get(name);
    const producer = dataset && [...project.pipelines.values()].find((p) => p.provides.includes(name));
    return dataset && producer ? [{ ...taskDataset(dataset), producer: producer.name }] : [];
  });
  if (outputs.length === 0 && inputs.length === 0) return {};
  const { root, name, range } = project.lake;
  return { lake: { root, name, range: rangeFolder(range), outputs, inputs } };
}

function taskDataset(dataset: DatasetConfig): TaskDataset {
  return { name: dataset.name, format: dataset.format, partitionBy: dataset.partitionBy };
}
