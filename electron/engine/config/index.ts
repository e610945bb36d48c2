/** Public surface of the config loader. */
export { findProjectFile, looksLikeProjectFile, PROJECT_FILE_NAME } from './find-project-file.js';
export { loadProject, loadProjectSource, type LoadResult } from './load-project.js';
export { formatProblem } from './problems.js';
export { parseDuration } from './duration.js';
