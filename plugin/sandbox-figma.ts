// The part of Figma's PluginAPI the controller uses, narrowed so a typed fake can implement it in
// full (test/fakes/figma-fake.ts). plugin/main.ts assigns the real `figma` to this type, so the
// compiler proves the real API satisfies it. Node members are optional because getNodeByIdAsync
// and `parent` may return a page or the document, which lack them (plugin-api.d.ts BaseNode).

/** Any node the controller reads or writes, structurally compatible with Figma's BaseNode. */
export interface SandboxNode {
  readonly id: string;
  name: string;
  readonly type: string;
  /** True after delete, undo or a multiplayer delete (docs/figma-plugin-api.md, Other APIs getNodeByIdAsync). */
  readonly removed: boolean;
  readonly parent: SandboxNode | null;
  visible?: boolean;
  locked?: boolean;
  readonly width?: number;
  readonly height?: number;
  x?: number;
  y?: number;
  readonly absoluteTransform?: Transform;
  relativeTransform?: Transform;
  /** figma.mixed (a symbol) on text with mixed fills. */
  fills?: ReadonlyArray<Paint> | symbol;
  readonly children?: ReadonlyArray<SandboxNode>;
  clipsContent?: boolean;
  layoutMode?: 'NONE' | 'HORIZONTAL' | 'VERTICAL' | 'GRID';
  layoutPositioning?: 'AUTO' | 'ABSOLUTE';
  constraints?: Constraints;
  readonly scaleFactor?: number;
  appendChild?(child: SandboxNode): void;
  insertChild?(index: number, child: SandboxNode): void;
  resize?(width: number, height: number): void;
  /** Extend artboard resizes without applying children's constraints, then moves the content itself. */
  resizeWithoutConstraints?(width: number, height: number): void;
  /** 'HUG' frames size themselves from their content; extend artboard refuses them. */
  layoutSizingHorizontal?: 'FIXED' | 'HUG' | 'FILL';
  layoutSizingVertical?: 'FIXED' | 'HUG' | 'FILL';
  getPluginData(key: string): string;
  setPluginData(key: string, value: string): void;
  setRelaunchData(data: { [command: string]: string }): void;
}

/** A node made by createFrame/createRectangle: everything the write-back sets on it exists. */
export interface CreatedNode extends SandboxNode {
  x: number;
  y: number;
  fills: ReadonlyArray<Paint> | symbol;
  constraints: Constraints;
  layoutPositioning: 'AUTO' | 'ABSOLUTE';
  resize(width: number, height: number): void;
  remove(): void;
}

export interface SandboxPage {
  readonly id: string;
  selection: ReadonlyArray<SandboxNode>;
  appendChild(child: SandboxNode): void;
}

export interface SandboxUi {
  postMessage(message: unknown): void;
  on(type: 'message', callback: (message: unknown) => void): void;
  off(type: 'message', callback: (message: unknown) => void): void;
  resize(width: number, height: number): void;
}

/** figma.root, the document: its name is the file's name, and its plugin data is saved with the file. */
export interface SandboxDocument {
  readonly name: string;
  getPluginData(key: string): string;
  setPluginData(key: string, value: string): void;
}

export interface SandboxFigma {
  readonly root: SandboxDocument;
  readonly currentPage: SandboxPage;
  readonly ui: SandboxUi;
  readonly clientStorage: Pick<ClientStorageAPI, 'getAsync' | 'setAsync'>;
  on(type: 'selectionchange', callback: () => void): void;
  off(type: 'selectionchange', callback: () => void): void;
  getNodeByIdAsync(id: string): Promise<SandboxNode | null>;
  getImageByHash(hash: string): Image | null;
  createImage(bytes: Uint8Array): Image;
  createFrame(): CreatedNode;
  createRectangle(): CreatedNode;
  commitUndo(): void;
  notify(message: string, options?: { error?: boolean; timeout?: number }): { cancel(): void };
}
