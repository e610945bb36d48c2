/** Public surface of the planner helpers. */
export { editDistance, didYouMean, suggestionSuffix, suggestionOrList } from './did-you-mean.js';
export { topoOrder, upstreamClosure, downstreamClosure, findCycles } from './graph.js';
export { resolveTargets, type ResolveTargetsResult } from './resolve-targets.js';
export {
  renderTemplate,
  templateRefs,
  splitRef,
  TemplateError,
  SIMPLE_TEMPLATE_VARS,
  KEYED_TEMPLATE_VARS,
  type TemplateContext,
} from './templates.js';
