import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme, storedTheme } from './shared/theme';
import './theme/tokens.css';
import './theme/base.css';
import './theme/settings.css';
import './theme/reports.css';
import './theme/settings-access.css';
import './theme/settings-bot.css';
import './theme/guardrails.css';
import './theme/knowledge.css';

applyTheme(storedTheme());

const root = document.getElementById('root');
if (root === null) {
  throw new Error('index.html has no #root');
}
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
