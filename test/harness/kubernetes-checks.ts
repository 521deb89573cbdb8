/** For the chart's specs: rendering, linting and NetworkPolicy evaluation ('@citizen-zero/test-harness/kubernetes'). */
export { helmLint, renderChart, type RenderOptions, type RenderedChart } from './helm';
export { allowedEdges, deploymentPods, networkPolicies, policiesSelecting, selectorMatches, validateManifest, type Endpoint } from './kubernetes';
