/** The renderer's entry: applies the stored theme, connects to the engine, renders the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { EngineProvider, connectEngine } from './api/index.js';
import { applyTheme, storedTheme } from './components/theme.js';
import './styles/app.css';

applyTheme(storedTheme());
const engine = connectEngine();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EngineProvider engine={engine}>
      <App />
    </EngineProvider>
  </StrictMode>,
);
