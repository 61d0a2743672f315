// Which file a saved paid task belongs to. clientStorage is one store per plugin on this computer, shared by every
// file (https://developers.figma.com/docs/plugins/api/figma-clientStorage/), so each record names its file.
// `figma.fileKey` is only set for private plugins (https://developers.figma.com/docs/plugins/api/figma/#filekey), so
// the plugin keeps an id of its own in the document's plugin data, which is saved with the file
// (https://developers.figma.com/docs/plugins/api/properties/nodes-setplugindata/). A duplicated file carries a copy
// of the id: whichever copy opens first may claim a waiting result, once (README, "Paid results and files").
import type { SandboxDocument } from './sandbox-figma';

export const FILE_ID_KEY = 'outpaint.fileId';

export interface FileIdentity {
  /** The file's id, or '' when no job was ever saved from it (nothing in the ledger can belong to it). */
  peekId(): string;
  /** The file's id, made and kept in the document the first time a job needs it. */
  ensureId(): string;
  /** The file's name now, for "2 paid results are waiting in ‘Poster file’". */
  name(): string;
}

export function createFileIdentity(root: SandboxDocument, newId: () => string): FileIdentity {
  return {
    peekId: () => root.getPluginData(FILE_ID_KEY),
    ensureId() {
      const existing = root.getPluginData(FILE_ID_KEY);
      if (existing !== '') return existing;
      const id = newId();
      root.setPluginData(FILE_ID_KEY, id);
      return id;
    },
    name: () => root.name,
  };
}
