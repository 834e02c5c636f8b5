import { createRoot, type Root } from 'react-dom/client';
import type { ReactNode } from 'react';
import { OVERLAY_CSS } from './styles';

/** A React root inside an open shadow root: isolated styles, names rendered as text by React. */
export function createShadowReactRoot(host: HTMLElement): { root: Root; host: HTMLElement } {
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = OVERLAY_CSS;
  const mount = document.createElement('div');
  shadow.append(style, mount);
  return { root: createRoot(mount), host };
}

export type Render = (node: ReactNode) => void;
