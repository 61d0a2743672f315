// The playground page: hosts the typed figma fake as the `figma` global, runs the real dist/code.js
// against it, and bridges messages to the real dist/ui.html framed as Figma frames it: a srcdoc page inside a
// data: frame, null origin and not a secure context (playground/figma-frame.ts). `?csp=NAME` puts the panel under
// one of the Content Security Policies of playground/figma-csp.ts.
import { createFigmaFake, imagePaint, type FakeNode } from '../test/fakes/figma-fake';
import { readImageHeader } from '../test/fakes/read-image-header';
import { DEFAULT_SETTINGS, type Settings } from '../common/settings';
import { imageRectInNode } from '../common/geometry/paint-rect';
import type { PlaygroundConfig } from './playground-config';
import { figmaCsp, isCspName } from './figma-csp';
import { isPresetId, presetFrame } from './preset-frame';
import { mountFigmaFrame, withContentSecurityPolicy, type FigmaFrameHost } from './figma-frame';
import './page.css';

const SETTINGS_KEY = 'outpaint.settings';

interface Placement {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Scene {
  name: string;
  hash: string;
  bytes: Uint8Array;
  mime: string;
  iw: number;
  ih: number;
  frameW: number;
  frameH: number;
  place: Placement;
}

interface WrittenRecord {
  nodeId: string;
  kind: string;
  hash: string;
  bytes: Uint8Array;
}

export interface PlaygroundApi {
  ready: Promise<void>;
  loadFixtureAsync(name: string): Promise<void>;
  loadBytesAsync(name: string, bytes: Uint8Array): Promise<void>;
  setFrame(width: number, height: number): void;
  setPlacement(x: number, y: number, w: number, h: number): void;
  /** The image written by the last job, as base64 PNG/JPEG. */
  written(): { nodeId: string; kind: string; base64: string } | null;
  writtenCount(): number;
  messages(): string[];
  fake: ReturnType<typeof createFigmaFake>;
  frameId(): string;
}

declare global {
  interface Window {
    playground: PlaygroundApi;
  }
}

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
};

const fake = createFigmaFake();
const iframe = $<HTMLIFrameElement>('plugin');
const stage = $<HTMLDivElement>('stage');
const placed = $<HTMLImageElement>('placed');
const after = $<HTMLDivElement>('after');
const resultImg = $<HTMLImageElement>('result');
const divider = $<HTMLDivElement>('divider');
const compare = $<HTMLDivElement>('compare');
const slider = $<HTMLInputElement>('compare-slider');
const logList = $<HTMLOListElement>('log');
const log: string[] = [];
const written: WrittenRecord[] = [];
let scene: Scene | null = null;
let frame: FakeNode | null = null;
let placedUrl = '';
let resultUrl = '';

function note(direction: string, message: unknown): void {
  const type = typeof message === 'object' && message !== null && 'type' in message ? String(message.type) : '?';
  const line = `${direction} ${type}`;
  log.push(line);
  const item = document.createElement('li');
  item.textContent = line;
  logList.append(item);
}

// ---- message bridge: sandbox ⇄ iframe -------------------------------------------------------
let host: FigmaFrameHost | null = null;
let iframeLoaded = false;
const pending: unknown[] = [];
const deliver = (message: unknown): void => {
  host?.post({ pluginMessage: message, pluginId: 'outpaint-playground' });
};
const originalPost = fake.ui.postMessage.bind(fake.ui);
fake.ui.postMessage = (message: unknown): void => {
  originalPost(message);
  note('sandbox → ui', message);
  // Figma queues messages until the iframe has loaded (https://developers.figma.com/docs/plugins/creating-ui).
  if (iframeLoaded) deliver(message);
  else pending.push(message);
  onSandboxMessage(message);
};
function onPanelMessage(data: unknown): void {
  if (typeof data !== 'object' || data === null || !('pluginMessage' in data)) return;
  note('ui → sandbox', data.pluginMessage);
  void fake.ui.sendFromUi(data.pluginMessage);
}

function onSandboxMessage(message: unknown): void {
  if (typeof message !== 'object' || message === null || !('type' in message) || message.type !== 'job/written') return;
  if (!('outcome' in message) || typeof message.outcome !== 'object' || message.outcome === null) return;
  const outcome = message.outcome as { kind: string; nodeId: string };
  const node = fake.node(outcome.nodeId);
  const paints = node.fills.filter((p): p is ImagePaint => p.type === 'IMAGE' && p.visible !== false);
  const top = paints[paints.length - 1];
  const hash = top?.imageHash ?? null;
  const bytes = hash ? fake.imageBytes(hash) : undefined;
  if (!hash || !bytes) return;
  written.push({ nodeId: outcome.nodeId, kind: outcome.kind, hash, bytes });
  // A variant frame (ui/variants/) is another frame on the page: show it under the stage, not over the scene.
  if (outcome.kind === 'written' && frame && outcome.nodeId !== frame.id) {
    addToGallery(node.name, bytes);
    return;
  }
  if (frame && outcome.nodeId === frame.id) syncSceneToFrame(frame);
  showResult(bytes);
  if (outcome.kind === 'placed-beside') {
    // The stage still draws the old frame; say where the result went, as Figma's canvas would show it.
    $<HTMLParagraphElement>('stage-caption').textContent =
      `The frame was deleted or changed, so the result is a new frame: “${node.name}”.`;
  }
}

/** Extend artboard resized the scene's frame: follow its new size and where the original image now sits. */
function syncSceneToFrame(node: FakeNode): void {
  if (!scene || (node.width === scene.frameW && node.height === scene.frameH)) return;
  const s = scene;
  const original = node.fills.find((p): p is ImagePaint => p.type === 'IMAGE' && p.imageHash === s.hash);
  if (!original) return;
  const placedRect = imageRectInNode(
    { width: node.width, height: node.height },
    {
      type: 'IMAGE',
      visible: true,
      opacity: 1,
      scaleMode: original.scaleMode,
      ...(original.imageTransform ? { imageTransform: original.imageTransform } : {}),
    },
    { width: s.iw, height: s.ih },
  );
  if (!placedRect.ok) return;
  const r = placedRect.rect;
  s.frameW = node.width;
  s.frameH = node.height;
  s.place = { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width), h: Math.round(r.height) };
  render();
}

/** Variant frames written beside the scene: shown under the stage, named as on the page. */
function addToGallery(name: string, bytes: Uint8Array): void {
  const gallery = $<HTMLElement>('gallery');
  const figure = document.createElement('figure');
  const img = document.createElement('img');
  img.src = URL.createObjectURL(new Blob([bytes.slice().buffer]));
  img.alt = `Written into “${name}”`;
  const caption = document.createElement('figcaption');
  caption.textContent = name;
  figure.append(img, caption);
  gallery.append(figure);
  gallery.hidden = false;
}

// Figma sizes the plugin window from showUI's width/height and figma.ui.resize (docs/figma-plugin-api.md, Other APIs).
function sizePanel(size: { width?: number; height?: number } | null | undefined): void {
  if (size?.width) iframe.width = String(size.width);
  if (size?.height) iframe.height = String(size.height);
}
const originalResize = fake.ui.resize.bind(fake.ui);
fake.ui.resize = (width: number, height: number): void => {
  originalResize(width, height);
  sizePanel({ width, height });
};

// ---- scene -------------------------------------------------------------------------------------
function imageTransformFor(s: Scene): Transform {
  // imageTransform maps node-normalised → image-normalised coordinates: the inverse of the placement
  // (docs/figma-plugin-api.md, Crop transforms).
  return [
    [s.frameW / s.place.w, 0, -s.place.x / s.place.w],
    [0, s.frameH / s.place.h, -s.place.y / s.place.h],
  ];
}

function applyScene(): void {
  if (!scene) return;
  const s = scene;
  if (!frame || frame.removed) {
    frame = fake.build({
      type: 'FRAME',
      name: `${s.name} frame`,
      x: 0,
      y: 0,
      width: s.frameW,
      height: s.frameH,
      fills: [],
    });
  }
  frame.resize(s.frameW, s.frameH);
  frame.name = `${s.name} · ${s.frameW}×${s.frameH}`;
  frame.fills = [imagePaint(s.hash, 'CROP', { imageTransform: imageTransformFor(s) })];
  fake.currentPage.selection = [frame];
  render();
}

function render(): void {
  if (!scene) return;
  const s = scene;
  const wrap = $<HTMLDivElement>('stage-wrap');
  const maxW = Math.max(200, wrap.clientWidth - 48);
  const maxH = 520;
  const k = Math.min(maxW / s.frameW, maxH / s.frameH);
  stage.style.width = `${Math.round(s.frameW * k)}px`;
  stage.style.height = `${Math.round(s.frameH * k)}px`;
  placed.style.left = `${(s.place.x / s.frameW) * 100}%`;
  placed.style.top = `${(s.place.y / s.frameH) * 100}%`;
  placed.style.width = `${(s.place.w / s.frameW) * 100}%`;
  placed.style.height = `${(s.place.h / s.frameH) * 100}%`;
  $<HTMLInputElement>('frame-w').value = String(s.frameW);
  $<HTMLInputElement>('frame-h').value = String(s.frameH);
  $<HTMLParagraphElement>('stage-caption').textContent =
    `${s.name}: ${s.iw}×${s.ih} px image at (${s.place.x}, ${s.place.y}), ${s.place.w}×${s.place.h} in a ${s.frameW}×${s.frameH} frame — drag the image to place it`;
}

function clearResult(): void {
  after.hidden = true;
  divider.hidden = true;
  compare.hidden = true;
  placed.parentElement?.style.removeProperty('clip-path');
}

function showResult(bytes: Uint8Array): void {
  if (resultUrl) URL.revokeObjectURL(resultUrl);
  resultUrl = URL.createObjectURL(new Blob([bytes.slice().buffer]));
  resultImg.src = resultUrl;
  after.hidden = false;
  divider.hidden = false;
  compare.hidden = false;
  updateCompare();
}

function updateCompare(): void {
  const pct = Number(slider.value);
  // Left of the divider: before; right: after (the API docs' ImageComparisonSlider).
  after.style.clipPath = `inset(0 0 0 ${pct}%)`;
  divider.style.left = `calc(${pct}% - 1px)`;
}

async function loadBytesAsync(name: string, bytes: Uint8Array): Promise<void> {
  const header = readImageHeader(bytes);
  if (!header) throw new Error(`${name} is not a PNG, JPEG or GIF`);
  const hash = fake.storeImage(bytes);
  const mime = name.toLowerCase().endsWith('.gif')
    ? 'image/gif'
    : name.toLowerCase().match(/\.jpe?g$/)
      ? 'image/jpeg'
      : 'image/png';
  const iw = header.width;
  const ih = header.height;
  // Default: the frame is 1.5× wider than the image, image centred at its native size.
  const frameW = Math.round(iw * 1.5);
  const frameH = ih;
  scene = {
    name,
    hash,
    bytes,
    mime,
    iw,
    ih,
    frameW,
    frameH,
    place: { x: Math.round((frameW - iw) / 2), y: 0, w: iw, h: ih },
  };
  if (placedUrl) URL.revokeObjectURL(placedUrl);
  placedUrl = URL.createObjectURL(new Blob([bytes.slice().buffer], { type: mime }));
  placed.src = placedUrl;
  frame = null;
  clearResult();
  applyScene();
}

async function loadFixtureAsync(name: string): Promise<void> {
  const response = await fetch(`/fixtures/${encodeURIComponent(name)}`);
  if (!response.ok) throw new Error(`fixture ${name}: HTTP ${response.status}`);
  await loadBytesAsync(name, new Uint8Array(await response.arrayBuffer()));
  $<HTMLSelectElement>('fixture').value = name;
}

function setFrame(width: number, height: number): void {
  if (!scene) return;
  scene.frameW = Math.max(1, Math.round(width));
  scene.frameH = Math.max(1, Math.round(height));
  anchor('center');
}

function setPlacement(x: number, y: number, w: number, h: number): void {
  if (!scene) return;
  scene.place = { x: Math.round(x), y: Math.round(y), w: Math.max(1, Math.round(w)), h: Math.max(1, Math.round(h)) };
  clearResult();
  applyScene();
}

function anchor(where: string): void {
  if (!scene) return;
  const { frameW, frameH, place } = scene;
  const cx = Math.round((frameW - place.w) / 2);
  const cy = Math.round((frameH - place.h) / 2);
  const spots: Record<string, [number, number]> = {
    center: [cx, cy],
    left: [0, cy],
    right: [frameW - place.w, cy],
    top: [cx, 0],
    bottom: [cx, frameH - place.h],
  };
  const [x, y] = spots[where] ?? [cx, cy];
  setPlacement(x, y, place.w, place.h);
}

function preset(which: string): void {
  if (!scene || !isPresetId(which)) return;
  // The image keeps its native size; the frame takes the preset's shape around it (playground/preset-frame.ts).
  const size = presetFrame(which, scene.iw, scene.ih);
  scene.place = { ...scene.place, w: scene.iw, h: scene.ih };
  setFrame(size.width, size.height);
}

// ---- interaction -------------------------------------------------------------------------------
function wireControls(): void {
  $<HTMLSelectElement>('fixture').addEventListener(
    'change',
    (e) => void loadFixtureAsync((e.target as HTMLSelectElement).value),
  );
  $<HTMLInputElement>('file').addEventListener('change', (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void file.arrayBuffer().then((buffer) => loadBytesAsync(file.name, new Uint8Array(buffer)));
  });
  for (const id of ['frame-w', 'frame-h']) {
    $<HTMLInputElement>(id).addEventListener('change', () =>
      setFrame(Number($<HTMLInputElement>('frame-w').value), Number($<HTMLInputElement>('frame-h').value)),
    );
  }
  const scaleInput = $<HTMLInputElement>('image-scale');
  scaleInput.addEventListener('change', () => {
    if (!scene) return;
    const pct = Number(scaleInput.value);
    $<HTMLOutputElement>('image-scale-out').textContent = `${pct}%`;
    const w = (scene.iw * pct) / 100;
    const h = (scene.ih * pct) / 100;
    const cx = scene.place.x + scene.place.w / 2;
    const cy = scene.place.y + scene.place.h / 2;
    setPlacement(cx - w / 2, cy - h / 2, w, h);
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-preset]')) {
    button.addEventListener('click', () => preset(button.dataset['preset'] ?? ''));
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-anchor]')) {
    button.addEventListener('click', () => anchor(button.dataset['anchor'] ?? 'center'));
  }
  slider.addEventListener('input', updateCompare);
  $<HTMLButtonElement>('reset').addEventListener('click', () => {
    if (!scene) return;
    frame?.remove();
    frame = null;
    clearResult();
    applyScene();
  });

  // Drag to place, like the placement widget in the API docs.
  let drag: { startX: number; startY: number; from: Placement; k: number } | null = null;
  placed.addEventListener('pointerdown', (e) => {
    if (!scene) return;
    placed.setPointerCapture(e.pointerId);
    placed.classList.add('dragging');
    drag = { startX: e.clientX, startY: e.clientY, from: { ...scene.place }, k: stage.clientWidth / scene.frameW };
  });
  placed.addEventListener('pointermove', (e) => {
    if (!drag || !scene) return;
    scene.place = {
      ...drag.from,
      x: Math.round(drag.from.x + (e.clientX - drag.startX) / drag.k),
      y: Math.round(drag.from.y + (e.clientY - drag.startY) / drag.k),
    };
    render();
  });
  const endDrag = (): void => {
    if (!drag || !scene) return;
    drag = null;
    placed.classList.remove('dragging');
    setPlacement(scene.place.x, scene.place.y, scene.place.w, scene.place.h);
  };
  placed.addEventListener('pointerup', endDrag);
  placed.addEventListener('pointercancel', endDrag);

  const wrap = $<HTMLDivElement>('stage-wrap');
  wrap.addEventListener('dragover', (e) => {
    e.preventDefault();
    wrap.classList.add('drop-hover');
  });
  wrap.addEventListener('dragleave', () => wrap.classList.remove('drop-hover'));
  wrap.addEventListener('drop', (e) => {
    e.preventDefault();
    wrap.classList.remove('drop-hover');
    const file = e.dataTransfer?.files[0];
    if (file) void file.arrayBuffer().then((buffer) => loadBytesAsync(file.name, new Uint8Array(buffer)));
  });
  window.addEventListener('resize', render);
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function startAsync(): Promise<void> {
  const config = (await (await fetch('/config.json')).json()) as PlaygroundConfig;
  $<HTMLSpanElement>('engine-label').textContent = `Engine: ${config.label}`;
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    engine: config.engine,
    endpoint: config.endpoint || DEFAULT_SETTINGS.endpoint,
    apiKey: config.apiKey,
  };
  await fake.clientStorage.setAsync(SETTINGS_KEY, settings);

  const fixtures = (await (await fetch('/fixtures.json')).json()) as string[];
  const select = $<HTMLSelectElement>('fixture');
  for (const name of fixtures) select.append(new Option(name, name));
  wireControls();

  // Like Figma: the sandbox code runs first and opens the UI (showUI); the UI's messages reach it from then on.
  if (fixtures.includes('chelsea.png')) await loadFixtureAsync('chelsea.png');
  else if (fixtures[0]) await loadFixtureAsync(fixtures[0]);
  Object.assign(globalThis, { figma: fake, __html__: '<!-- ui.html is loaded into the iframe by the playground -->' });
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/plugin/code.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('dist/code.js failed to load'));
    document.body.append(script);
  });

  sizePanel(fake.shownUi[fake.shownUi.length - 1]?.options);
  const cspName = new URLSearchParams(location.search).get('csp') ?? 'allow-all';
  if (!isCspName(cspName)) throw new Error(`Unknown ?csp=${cspName}`);
  const proxyOrigin = config.endpoint === '' ? '' : new URL(config.endpoint).origin;
  const html = withContentSecurityPolicy(await (await fetch('/plugin/ui.html')).text(), figmaCsp(cspName, proxyOrigin));
  host = mountFigmaFrame(iframe, html, onPanelMessage);
  await host.loaded;
  iframeLoaded = true;
  for (const message of pending.splice(0)) deliver(message);
}

const ready = startAsync();
window.playground = {
  ready,
  loadFixtureAsync,
  loadBytesAsync,
  setFrame,
  setPlacement,
  written() {
    const last = written[written.length - 1];
    return last ? { nodeId: last.nodeId, kind: last.kind, base64: toBase64(last.bytes) } : null;
  },
  writtenCount: () => written.length,
  messages: () => [...log],
  fake,
  frameId: () => frame?.id ?? '',
};
ready.catch((error: unknown) => {
  $<HTMLParagraphElement>('stage-caption').textContent =
    `Playground failed to start: ${error instanceof Error ? error.message : String(error)}`;
});
