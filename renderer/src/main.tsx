import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { StartGate } from './StartGate';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StartGate />
  </StrictMode>,
);
