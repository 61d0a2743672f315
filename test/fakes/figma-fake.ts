// A typed fake of the `figma` global: the SandboxFigma subset the controller depends on, with the
// platform rules that bite plugins enforced (docs/figma-plugin-api.md, Testing without Figma): frozen fills that must be
// cloned and reassigned, createImage's PNG/JPEG/GIF-only and 4096 px rules, Uint8Array-only
// messaging, a 5 MB clientStorage budget, ≤ 100-character notifications, asynchronous
// selectionchange, and closePlugin after which every call throws.
// No Node APIs (no Buffer, no fs): the playground bundles this for a browser page.
import type { CreatedNode, SandboxFigma, SandboxNode, SandboxPage, SandboxUi } from '../../plugin/sandbox-figma';
import { contentHash } from './content-hash';
import { readImageHeader, type ImageHeader } from './read-image-header';

export type FakeNodeType = 'FRAME' | 'COMPONENT' | 'INSTANCE' | 'RECTANGLE' | 'ELLIPSE' | 'GROUP' | 'PAGE' | 'DOCUMENT';

export interface NodeSpec {
  type?: FakeNodeType;
  id?: string;
  name?: string;
  x?: number;
  y?: number;
  /** Overrides x/y: a full relativeTransform (rotation or skew relative to the container). */
  transform?: Transform;
  width?: number;
  height?: number;
  fills?: Paint[];
  visible?: boolean;
  locked?: boolean;
  clipsContent?: boolean;
  layoutMode?: 'NONE' | 'HORIZONTAL' | 'VERTICAL';
  /** Auto-layout sizing; 'HUG' is only valid on auto-layout frames (plugin-api.d.ts layoutSizingHorizontal). */
  layoutSizingHorizontal?: 'FIXED' | 'HUG' | 'FILL';
  layoutSizingVertical?: 'FIXED' | 'HUG' | 'FILL';
  scaleFactor?: number;
  children?: NodeSpec[];
}

export interface Notification {
  message: string;
  error: boolean;
}

/** Figma's documented clientStorage budget per plugin (docs/figma-plugin-api.md, Other APIs). */
export const CLIENT_STORAGE_BYTES = 5 * 1024 * 1024;
/** createImage's documented maximum side (docs/figma-plugin-api.md, Images: reading and creating). */
export const MAX_IMAGE_SIDE = 4096;
const NOTIFY_MAX = 100;
const PLUGIN_DATA_MAX = 100_000;
const RELAUNCH_DESCRIPTION_MAX = 1000;

type Identity = [[1, 0, 0], [0, 1, 0]];

function translation(x: number, y: number): Transform {
  return [
    [1, 0, x],
    [0, 1, y],
  ];
}

function multiply(a: Transform, b: Transform): Transform {
  return [
    [
      a[0][0] * b[0][0] + a[0][1] * b[1][0],
      a[0][0] * b[0][1] + a[0][1] * b[1][1],
      a[0][0] * b[0][2] + a[0][1] * b[1][2] + a[0][2],
    ],
    [
      a[1][0] * b[0][0] + a[1][1] * b[1][0],
      a[1][0] * b[0][1] + a[1][1] * b[1][1],
      a[1][0] * b[0][2] + a[1][1] * b[1][2] + a[1][2],
    ],
  ];
}

function freezeDeep<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) freezeDeep(inner);
  }
  return value;
}

/** Figma's messaging accepts Uint8Array but no other binary type (docs/figma-plugin-api.md, Messaging between sandbox and UI). */
function assertCloneable(value: unknown, path: string): void {
  if (value instanceof Uint8Array) return;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    throw new Error(`Cannot send ${path}: only Uint8Array can be posted, not ${value.constructor.name}`);
  }
  if (typeof value === 'function') throw new Error(`Cannot send ${path}: functions cannot be posted`);
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) assertCloneable(inner, `${path}.${key}`);
  }
}

function storedSize(key: string, value: unknown): number {
  if (value instanceof Uint8Array) return key.length + value.byteLength;
  if (value === undefined) return key.length;
  return (
    key.length + JSON.stringify(value, (_key, inner: unknown) => (inner instanceof Uint8Array ? '' : inner)).length
  );
}

interface StoredImage {
  hash: string;
  bytes: Uint8Array;
  header: ImageHeader;
}

/** figma.parameters: records the 'input' handlers so a test can type into quick actions. */
export class FakeParameters {
  private readonly listeners = new Set<(event: ParameterInputEvent) => void>();

  on(type: 'input', callback: (event: ParameterInputEvent) => void): void {
    if (type === 'input') this.listeners.add(callback);
  }

  /** Types `query` for parameter `key`, as a designer would in quick actions; returns what the plugin suggested. */
  type(key: string, query: string, parameters: ParameterValues = {}): { suggestions: unknown[]; error: string | null } {
    const seen: { suggestions: unknown[]; error: string | null } = { suggestions: [], error: null };
    const result: SuggestionResults = {
      setSuggestions: (suggestions) => {
        seen.suggestions = [...suggestions];
      },
      setError: (message) => {
        seen.error = message;
      },
      setLoadingMessage: () => undefined,
    };
    for (const listener of this.listeners) listener({ key, query, parameters, result });
    return seen;
  }
}

/** What createFigmaFake models beyond one file: the computer it runs on, and the file it has open. */
export interface FakeFileOptions {
  /** One computer's clientStorage, shared by every file and panel of the plugin (see ClientStorageBacking). */
  storage?: ClientStorageBacking;
  /** The file's name, as Figma's document root carries it (figma.root.name). */
  fileName?: string;
}

export class FigmaFake implements SandboxFigma {
  readonly currentPage: FakePage;
  /** The document: its plugin data is saved with the file, so a duplicate of the file carries a copy. */
  readonly root: FakeNode;
  readonly ui: FakeUi;
  readonly clientStorage: FakeClientStorage;
  readonly notifications: Notification[] = [];
  undoCommits = 0;
  closed = false;
  readonly shownUi: { html: string; options: ShowUIOptions | undefined }[] = [];
  /** figma.command: '' from the menu, the relaunch command from a relaunch button. Set before the plugin loads. */
  command = '';
  /** Parameters the designer entered in quick actions; undefined for a plain launch. */
  runParameters: ParameterValues | undefined = undefined;
  readonly parameters = new FakeParameters();
  private readonly closeListeners = new Set<() => void>();

  private readonly nodes = new Map<string, FakeNode>();
  private readonly images = new Map<string, StoredImage>();
  private readonly failingImageBytes = new Set<string>();
  private readonly heldImageBytes = new Map<string, Promise<void>>();
  private readonly selectionListeners = new Set<() => void>();
  private selectionEventPending = false;
  private nextId = 1;

  constructor(options: FakeFileOptions = {}) {
    this.root = new FakeNode(this, '0:0', 'DOCUMENT', { name: options.fileName ?? 'Untitled' });
    this.currentPage = new FakePage(this, '0:1');
    this.ui = new FakeUi(this);
    this.clientStorage = new FakeClientStorage(this, options.storage ?? new ClientStorageBacking());
  }

  /** Throws like Figma after closePlugin ("disables callbacks and Figma APIs", docs/figma-plugin-api.md, Other APIs). */
  guard(): void {
    if (this.closed) throw new Error('The plugin has been closed: Figma APIs can no longer be called');
  }

  // ----- PluginAPI subset -----

  showUI(html: string, options?: ShowUIOptions): void {
    this.guard();
    this.shownUi.push({ html, options });
  }

  closePlugin(): void {
    this.guard();
    for (const listener of [...this.closeListeners]) listener();
    this.closed = true;
  }

  on(type: 'selectionchange' | 'close', callback: () => void): void;
  on(type: 'run', callback: (event: RunEvent) => void): void;
  on(type: 'selectionchange' | 'close' | 'run', callback: (() => void) | ((event: RunEvent) => void)): void {
    this.guard();
    if (type === 'selectionchange') this.selectionListeners.add(callback as () => void);
    else if (type === 'close') this.closeListeners.add(callback as () => void);
    else {
      // Figma fires 'run' right after launch, or once quick-action parameters are entered (docs/figma-plugin-api.md, Other APIs).
      const event: RunEvent = { command: this.command, parameters: this.runParameters };
      setTimeout(() => {
        if (!this.closed) (callback as (event: RunEvent) => void)(event);
      }, 0);
    }
  }

  off(type: 'selectionchange', callback: () => void): void {
    this.guard();
    if (type === 'selectionchange') this.selectionListeners.delete(callback);
  }

  getNodeByIdAsync(id: string): Promise<SandboxNode | null> {
    this.guard();
    return Promise.resolve(this.nodes.get(id) ?? null);
  }

  getImageByHash(hash: string): Image | null {
    this.guard();
    const stored = this.images.get(hash);
    return stored ? this.imageHandle(stored) : null;
  }

  createImage(bytes: Uint8Array): Image {
    this.guard();
    const header = readImageHeader(bytes);
    if (!header) throw new Error('Image type is unsupported');
    if (header.width > MAX_IMAGE_SIDE || header.height > MAX_IMAGE_SIDE) throw new Error('Image is too large');
    if (header.width < 1 || header.height < 1) throw new Error('Image is too small');
    return this.imageHandle(this.store(bytes, header));
  }

  createFrame(): FakeNode {
    this.guard();
    // Figma's createFrame gives a 100×100 frame with a white fill on the current page.
    return this.build({
      type: 'FRAME',
      width: 100,
      height: 100,
      fills: [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }],
    });
  }

  createRectangle(): FakeNode {
    this.guard();
    return this.build({
      type: 'RECTANGLE',
      width: 100,
      height: 100,
      fills: [{ type: 'SOLID', color: { r: 0.85, g: 0.85, b: 0.85 } }],
    });
  }

  commitUndo(): void {
    this.guard();
    this.undoCommits += 1;
  }

  notify(message: string, options?: { error?: boolean; timeout?: number }): { cancel(): void } {
    this.guard();
    if (message.length > NOTIFY_MAX) {
      throw new Error(`notify message is ${message.length} characters; Figma shows at most ${NOTIFY_MAX}`);
    }
    this.notifications.push({ message, error: options?.error === true });
    return { cancel: () => undefined };
  }

  // ----- test controls -----

  /** Builds a node tree (default type FRAME) under `parent` (default: the current page). */
  build(spec: NodeSpec, parent: FakeNode = this.currentPage): FakeNode {
    const node = new FakeNode(this, spec.id ?? this.newId(), spec.type ?? 'FRAME', spec);
    this.nodes.set(node.id, node);
    parent.attach(node, parent.childList.length);
    for (const child of spec.children ?? []) this.build(child, node);
    return node;
  }

  /** Stores an image as if the designer had dropped it in (no 4096 check: Figma may hold bigger). */
  storeImage(bytes: Uint8Array): string {
    const header = readImageHeader(bytes);
    if (!header) throw new Error('storeImage needs PNG, JPEG or GIF bytes');
    return this.store(bytes, header).hash;
  }

  /** Told of every getBytesAsync call (tests count the files a selection makes Figma load). */
  onImageBytesRead: ((hash: string) => void) | null = null;

  /** Makes getBytesAsync reject for this hash, like an image Figma cannot download. */
  failImageBytes(hash: string): void {
    this.failingImageBytes.add(hash);
  }

  /** Makes getBytesAsync for this hash wait until the returned release function is called (a slow download). */
  holdImageBytes(hash: string): () => void {
    let release: () => void = () => undefined;
    this.heldImageBytes.set(hash, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.heldImageBytes.delete(hash);
      release();
    };
  }

  node(id: string): FakeNode {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`no node ${id}`);
    return node;
  }

  imageBytes(hash: string): Uint8Array | undefined {
    return this.images.get(hash)?.bytes;
  }

  get imageCount(): number {
    return this.images.size;
  }

  /** True while a selectionchange is due but not yet delivered (tests wait for it to pass). */
  get selectionEventDue(): boolean {
    return this.selectionEventPending;
  }

  /** Selection changes are reported asynchronously and coalesced (docs/figma-plugin-api.md, Other APIs). */
  scheduleSelectionChange(): void {
    if (this.selectionEventPending) return;
    this.selectionEventPending = true;
    setTimeout(() => {
      this.selectionEventPending = false;
      if (this.closed) return;
      for (const listener of [...this.selectionListeners]) listener();
    }, 0);
  }

  forget(node: FakeNode): void {
    this.currentPage.dropFromSelection(node);
  }

  private store(bytes: Uint8Array, header: ImageHeader): StoredImage {
    const hash = contentHash(bytes);
    const existing = this.images.get(hash);
    if (existing) return existing;
    const stored = { hash, bytes: bytes.slice(), header };
    this.images.set(hash, stored);
    return stored;
  }

  private imageHandle(stored: StoredImage): Image {
    return {
      hash: stored.hash,
      getBytesAsync: (): Promise<Uint8Array> => {
        this.guard();
        this.onImageBytesRead?.(stored.hash);
        if (this.failingImageBytes.has(stored.hash)) return Promise.reject(new Error('Failed to load image'));
        const held = this.heldImageBytes.get(stored.hash) ?? Promise.resolve();
        return held.then(() => stored.bytes.slice());
      },
      getSizeAsync: (): Promise<{ width: number; height: number }> => {
        this.guard();
        return Promise.resolve({ width: stored.header.width, height: stored.header.height });
      },
    };
  }

  private newId(): string {
    this.nextId += 1;
    return `1:${this.nextId}`;
  }

  hasImage(hash: string): boolean {
    return this.images.has(hash);
  }
}

export class FakeNode implements CreatedNode {
  private nameValue: string;
  private visibleValue: boolean;
  private lockedValue: boolean;
  private widthValue: number;
  private heightValue: number;
  private transformValue: Transform;
  private fillsValue: ReadonlyArray<Paint>;
  private clipsValue: boolean | undefined;
  private layoutModeValue: 'NONE' | 'HORIZONTAL' | 'VERTICAL' | 'GRID' | undefined;
  private sizingValue: { horizontal: 'FIXED' | 'HUG' | 'FILL'; vertical: 'FIXED' | 'HUG' | 'FILL' };
  /** How many times each resize method ran (extend artboard must not apply constraints). */
  readonly resizeCalls = { resize: 0, withoutConstraints: 0 };
  private positioningValue: 'AUTO' | 'ABSOLUTE' = 'AUTO';
  private constraintsValue: Constraints = { horizontal: 'MIN', vertical: 'MIN' };
  private removedValue = false;
  private parentNode: FakeNode | null = null;
  readonly childList: FakeNode[] = [];
  readonly pluginData = new Map<string, string>();
  relaunchData: { [command: string]: string } = {};
  readonly scaleFactor: number | undefined;

  constructor(
    protected readonly fake: FigmaFake,
    readonly id: string,
    readonly type: FakeNodeType,
    spec: NodeSpec,
  ) {
    this.nameValue = spec.name ?? type.charAt(0) + type.slice(1).toLowerCase();
    this.visibleValue = spec.visible ?? true;
    this.lockedValue = spec.locked ?? false;
    this.widthValue = spec.width ?? 100;
    this.heightValue = spec.height ?? 100;
    this.transformValue = spec.transform ?? translation(spec.x ?? 0, spec.y ?? 0);
    this.fillsValue = freezeDeep((spec.fills ?? []).map((paint) => ({ ...paint })));
    const isFrameLike = type === 'FRAME' || type === 'COMPONENT' || type === 'INSTANCE';
    this.clipsValue = isFrameLike ? (spec.clipsContent ?? true) : undefined;
    this.layoutModeValue = isFrameLike ? (spec.layoutMode ?? 'NONE') : undefined;
    this.scaleFactor = type === 'INSTANCE' ? (spec.scaleFactor ?? 1) : undefined;
    this.sizingValue = {
      horizontal: spec.layoutSizingHorizontal ?? 'FIXED',
      vertical: spec.layoutSizingVertical ?? 'FIXED',
    };
  }

  get layoutSizingHorizontal(): 'FIXED' | 'HUG' | 'FILL' {
    return this.read(this.sizingValue.horizontal);
  }
  set layoutSizingHorizontal(value: 'FIXED' | 'HUG' | 'FILL') {
    this.write();
    this.checkSizing(value);
    this.sizingValue = { ...this.sizingValue, horizontal: value };
  }

  get layoutSizingVertical(): 'FIXED' | 'HUG' | 'FILL' {
    return this.read(this.sizingValue.vertical);
  }
  set layoutSizingVertical(value: 'FIXED' | 'HUG' | 'FILL') {
    this.write();
    this.checkSizing(value);
    this.sizingValue = { ...this.sizingValue, vertical: value };
  }

  /** "HUG is only valid on auto-layout frames… FILL is only valid on auto-layout children" (plugin-api.d.ts). */
  private checkSizing(value: 'FIXED' | 'HUG' | 'FILL'): void {
    const auto = (mode: string | undefined) => mode !== undefined && mode !== 'NONE';
    if (value === 'HUG' && !auto(this.layoutModeValue)) throw new Error('HUG is only valid on auto-layout frames');
    if (value === 'FILL' && !auto(this.parentNode?.layoutModeValue))
      throw new Error('FILL is only valid on auto-layout children');
  }

  get name(): string {
    return this.read(this.nameValue);
  }
  set name(value: string) {
    this.write();
    this.nameValue = String(value);
  }

  get removed(): boolean {
    return this.removedValue;
  }

  get parent(): FakeNode | null {
    return this.read(this.parentNode);
  }

  get children(): ReadonlyArray<FakeNode> {
    return this.read(Object.freeze([...this.childList]));
  }

  get visible(): boolean {
    return this.read(this.visibleValue);
  }
  set visible(value: boolean) {
    this.write();
    this.visibleValue = value;
  }

  get locked(): boolean {
    return this.read(this.lockedValue);
  }
  set locked(value: boolean) {
    this.write();
    this.lockedValue = value;
  }

  get width(): number {
    return this.read(this.widthValue);
  }

  get height(): number {
    return this.read(this.heightValue);
  }

  get relativeTransform(): Transform {
    const [row0, row1] = this.transformValue;
    return this.read(freezeDeep<Transform>([[...row0], [...row1]]));
  }
  set relativeTransform(value: Transform) {
    this.write();
    this.transformValue = [[...value[0]], [...value[1]]];
  }

  get x(): number {
    return this.read(this.transformValue[0][2]);
  }
  set x(value: number) {
    this.write();
    // Auto-layout children are placed by the layout; setting x/y no-ops (docs/figma-plugin-api.md, Node geometry).
    if (this.isPlacedByAutoLayout()) return;
    this.transformValue = [[this.transformValue[0][0], this.transformValue[0][1], value], this.transformValue[1]];
  }

  get y(): number {
    return this.read(this.transformValue[1][2]);
  }
  set y(value: number) {
    this.write();
    if (this.isPlacedByAutoLayout()) return;
    this.transformValue = [this.transformValue[0], [this.transformValue[1][0], this.transformValue[1][1], value]];
  }

  /** Page-relative: the container parent's absolute transform times this relativeTransform (groups are not containers). */
  get absoluteTransform(): Transform {
    this.fake.guard();
    let container = this.parentNode;
    while (container && container.type === 'GROUP') container = container.parentNode;
    const identity: Identity = [
      [1, 0, 0],
      [0, 1, 0],
    ];
    const base: Transform = container && container.type !== 'PAGE' ? container.absoluteTransform : identity;
    return freezeDeep(multiply(base, this.transformValue));
  }

  /** Frozen: change fills by cloning and reassigning the array (docs/figma-plugin-api.md, Images: reading and creating). */
  get fills(): ReadonlyArray<Paint> {
    return this.read(this.fillsValue);
  }
  set fills(value: ReadonlyArray<Paint> | symbol) {
    this.write();
    if (!Array.isArray(value)) throw new Error('fills must be an array of paints');
    const paints: Paint[] = value.map((paint: Paint) => ({ ...paint }));
    for (const paint of paints) {
      if (paint.type === 'IMAGE' && paint.imageHash !== null && !this.fake.hasImage(paint.imageHash)) {
        throw new Error(`Image hash ${paint.imageHash} does not exist`);
      }
    }
    this.fillsValue = freezeDeep(paints);
  }

  get clipsContent(): boolean | undefined {
    return this.read(this.clipsValue);
  }
  set clipsContent(value: boolean | undefined) {
    this.write();
    this.clipsValue = value;
  }

  get layoutMode(): 'NONE' | 'HORIZONTAL' | 'VERTICAL' | 'GRID' | undefined {
    return this.read(this.layoutModeValue);
  }
  set layoutMode(value: 'NONE' | 'HORIZONTAL' | 'VERTICAL' | 'GRID' | undefined) {
    this.write();
    this.layoutModeValue = value;
  }

  get layoutPositioning(): 'AUTO' | 'ABSOLUTE' {
    return this.read(this.positioningValue);
  }
  set layoutPositioning(value: 'AUTO' | 'ABSOLUTE') {
    this.write();
    const mode = this.parentNode?.layoutModeValue;
    if (mode === undefined || mode === 'NONE') {
      throw new Error('layoutPositioning can only be set on children of auto-layout frames');
    }
    this.positioningValue = value;
  }

  get constraints(): Constraints {
    return this.read(this.constraintsValue);
  }
  set constraints(value: Constraints) {
    this.write();
    this.constraintsValue = freezeDeep({ ...value });
  }

  get insideInstance(): boolean {
    for (let node = this.parentNode; node; node = node.parentNode) if (node.type === 'INSTANCE') return true;
    return false;
  }

  resize(width: number, height: number): void {
    this.resizeCalls.resize += 1;
    this.setSize(width, height);
  }

  /** The fake applies no constraints in either method; it counts which one ran. */
  resizeWithoutConstraints(width: number, height: number): void {
    this.resizeCalls.withoutConstraints += 1;
    this.setSize(width, height);
  }

  private setSize(width: number, height: number): void {
    this.write();
    if (this.insideInstance) throw new Error("Can't change layout inside an instance");
    if (!(width >= 0.01 && height >= 0.01)) throw new Error('Width and height must be at least 0.01');
    this.widthValue = width;
    this.heightValue = height;
  }

  appendChild(child: SandboxNode): void {
    this.insertChild(this.childList.length, child);
  }

  insertChild(index: number, child: SandboxNode): void {
    this.write();
    if (
      this.type !== 'FRAME' &&
      this.type !== 'COMPONENT' &&
      this.type !== 'INSTANCE' &&
      this.type !== 'GROUP' &&
      this.type !== 'PAGE'
    ) {
      throw new Error(`A ${this.type} node cannot have children`);
    }
    if (this.type === 'INSTANCE' || this.insideInstance) {
      throw new Error('Cannot move node. New parent is an instance or is inside of an instance');
    }
    const node = this.fake.node(child.id);
    if (node.insideInstance) throw new Error('Cannot move node. It is inside of an instance');
    if (!Number.isInteger(index) || index < 0 || index > this.childList.length) {
      throw new Error(`insertChild index ${index} is outside 0..${this.childList.length}`);
    }
    this.attach(node, index);
  }

  remove(): void {
    this.write();
    if (this.insideInstance) throw new Error('Cannot remove a node inside an instance');
    const parent = this.parentNode;
    if (parent) parent.childList.splice(parent.childList.indexOf(this), 1);
    this.parentNode = null;
    this.markRemoved();
  }

  getPluginData(key: string): string {
    return this.read(this.pluginData.get(key) ?? '');
  }

  setPluginData(key: string, value: string): void {
    this.write();
    if (value.length > PLUGIN_DATA_MAX) throw new Error('Plugin data is limited to 100 kB per entry');
    this.pluginData.set(key, value);
  }

  setRelaunchData(data: { [command: string]: string }): void {
    this.write();
    for (const description of Object.values(data)) {
      if (description.length > RELAUNCH_DESCRIPTION_MAX)
        throw new Error('Relaunch description longer than 1000 characters');
    }
    this.relaunchData = { ...data };
  }

  /** Moves `node` here at `index`, detaching it from its old parent. */
  attach(node: FakeNode, index: number): void {
    const old = node.parentNode;
    if (old) {
      const at = old.childList.indexOf(node);
      old.childList.splice(at, 1);
      if (old === this && at < index) index -= 1;
    }
    this.childList.splice(index, 0, node);
    node.parentNode = this;
  }

  private markRemoved(): void {
    this.removedValue = true;
    this.fake.forget(this);
    for (const child of this.childList) child.markRemoved();
  }

  private isPlacedByAutoLayout(): boolean {
    const mode = this.parentNode?.layoutModeValue;
    return mode !== undefined && mode !== 'NONE' && this.positioningValue === 'AUTO';
  }

  protected read<T>(value: T): T {
    this.fake.guard();
    return value;
  }

  protected write(): void {
    this.fake.guard();
    if (this.removedValue) throw new Error(`The node (id ${this.id}) does not exist`);
  }
}

export class FakePage extends FakeNode implements SandboxPage {
  private selected: ReadonlyArray<FakeNode> = [];

  constructor(fake: FigmaFake, id: string) {
    super(fake, id, 'PAGE', { name: 'Page 1' });
  }

  /** A new array on every read, like Figma's (docs/figma-plugin-api.md, Other APIs). */
  get selection(): ReadonlyArray<FakeNode> {
    return this.read([...this.selected]);
  }
  set selection(nodes: ReadonlyArray<SandboxNode>) {
    this.write();
    this.selected = nodes.map((node) => {
      const fakeNode = this.fake.node(node.id);
      if (fakeNode.removed) throw new Error(`Cannot select removed node ${node.id}`);
      return fakeNode;
    });
    this.fake.scheduleSelectionChange();
  }

  dropFromSelection(node: FakeNode): void {
    if (!this.selected.includes(node)) return;
    this.selected = this.selected.filter((candidate) => candidate !== node);
    this.fake.scheduleSelectionChange();
  }
}

type MessageListener = (message: unknown) => void;

export class FakeUi implements SandboxUi {
  /** Messages the sandbox posted to the UI, in order, as the UI would receive them (copies). */
  readonly outbox: unknown[] = [];
  size: { width: number; height: number } | null = null;
  private readonly listeners = new Set<MessageListener>();
  private delivery: Promise<void> = Promise.resolve();

  constructor(private readonly fake: FigmaFake) {}

  postMessage(message: unknown): void {
    this.fake.guard();
    assertCloneable(message, 'message');
    this.outbox.push(structuredClone(message));
  }

  on(type: 'message', callback: MessageListener): void {
    this.fake.guard();
    if (type === 'message') this.listeners.add(callback);
  }

  off(type: 'message', callback: MessageListener): void {
    this.fake.guard();
    if (type === 'message') this.listeners.delete(callback);
  }

  resize(width: number, height: number): void {
    this.fake.guard();
    // figma.ui.resize minimums (docs/figma-plugin-api.md, Other APIs).
    if (width < 70 || height < 0) throw new Error('The UI must be at least 70 px wide');
    this.size = { width, height };
  }

  /** What the UI posts with parent.postMessage: copied, then delivered in order on a later task. */
  sendFromUi(message: unknown): Promise<void> {
    assertCloneable(message, 'message');
    const copy: unknown = structuredClone(message);
    this.delivery = this.delivery.then(
      () =>
        new Promise<void>((resolve) => {
          setTimeout(() => {
            if (!this.fake.closed) for (const listener of [...this.listeners]) listener(copy);
            resolve();
          }, 0);
        }),
    );
    return this.delivery;
  }

  /** Messages posted to the UI of one type, typed by the caller's protocol. */
  sent<T extends { type: string }>(isMessage: (value: unknown) => value is T): T[] {
    return this.outbox.filter(isMessage);
  }
}

/**
 * The entries behind clientStorage. Figma keeps clientStorage per plugin and per computer, not per file
 * (https://developers.figma.com/docs/plugins/api/figma-clientStorage/): two files open side by side, each with
 * the plugin's panel, read and write the same entries. Tests share one backing between fakes to model that.
 */
export class ClientStorageBacking {
  readonly entries = new Map<string, unknown>();
}

export class FakeClientStorage implements Pick<
  ClientStorageAPI,
  'getAsync' | 'setAsync' | 'deleteAsync' | 'keysAsync'
> {
  /** Set to make the next setAsync reject, like a full or broken store. */
  failNextSet: Error | null = null;
  /** Set to make the next getAsync reject, like a store that could not be read this time. */
  failNextGet: Error | null = null;
  /** Set to make the next getAsync of this one key reject (reads of other keys go through). */
  failNextGetOf: { key: string; error: Error } | null = null;

  constructor(
    private readonly fake: FigmaFake,
    readonly backing: ClientStorageBacking,
  ) {}

  private get entries(): Map<string, unknown> {
    return this.backing.entries;
  }

  getAsync(key: string): Promise<unknown> {
    this.fake.guard();
    if (this.failNextGet) {
      const error = this.failNextGet;
      this.failNextGet = null;
      return Promise.reject(error);
    }
    if (this.failNextGetOf?.key === key) {
      const { error } = this.failNextGetOf;
      this.failNextGetOf = null;
      return Promise.reject(error);
    }
    return Promise.resolve(structuredClone(this.entries.get(key)));
  }

  setAsync(key: string, value: unknown): Promise<void> {
    this.fake.guard();
    if (this.failNextSet) {
      const error = this.failNextSet;
      this.failNextSet = null;
      return Promise.reject(error);
    }
    let used = storedSize(key, value);
    for (const [otherKey, other] of this.entries) if (otherKey !== key) used += storedSize(otherKey, other);
    if (used > CLIENT_STORAGE_BYTES) return Promise.reject(new Error('clientStorage quota of 5 MB exceeded'));
    this.entries.set(key, structuredClone(value));
    return Promise.resolve();
  }

  deleteAsync(key: string): Promise<void> {
    this.fake.guard();
    this.entries.delete(key);
    return Promise.resolve();
  }

  keysAsync(): Promise<string[]> {
    this.fake.guard();
    return Promise.resolve([...this.entries.keys()]);
  }
}

export function createFigmaFake(options: FakeFileOptions = {}): FigmaFake {
  return new FigmaFake(options);
}

/** An IMAGE paint for test trees. */
export function imagePaint(
  hash: string,
  scaleMode: ImagePaint['scaleMode'],
  extra: Partial<ImagePaint> = {},
): ImagePaint {
  return { type: 'IMAGE', imageHash: hash, scaleMode, visible: true, opacity: 1, blendMode: 'NORMAL', ...extra };
}
