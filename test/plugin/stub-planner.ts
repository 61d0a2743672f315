// Stand-in for common/selection/plan-selection.ts until it lands: the same signatures, a tiny rule
// set (visible IMAGE fill: FIT → ready, FILL → covered, TILE → refused; else an image child → layer).
// The controller's behaviour under test does not depend on geometry, only on targets/refusals.
import type { SelectionPlanner } from '../../plugin/controller';
import type { SelectionReport, Target } from '../../common/selection/report';
import type { ImageInfo, NodeSnapshot, PaintSnapshot } from '../../common/selection/snapshot';
import { samplePlan } from '../fakes/sample-messages';

export const STUB_TILE_MESSAGE = 'Switch the fill to Fit or Crop to outpaint it.';
export const STUB_NO_IMAGE_MESSAGE = 'Select a frame with an image.';

function imageIndex(node: NodeSnapshot): number {
  return Array.isArray(node.fills) ? node.fills.findIndex((paint) => paint.type === 'IMAGE' && paint.visible) : -1;
}

function walk(node: NodeSnapshot, visit: (node: NodeSnapshot) => void): void {
  visit(node);
  for (const child of node.children) walk(child, visit);
}

function fingerprint(frame: NodeSnapshot, image: NodeSnapshot, paint: PaintSnapshot): string {
  return [frame.width, frame.height, image.id, paint.imageHash, paint.scaleMode, image.absoluteTransform.flat().join(',')].join('|');
}

export const stubPlanner: SelectionPlanner = {
  findImageHashes(nodes) {
    const hashes = new Set<string>();
    for (const root of nodes) {
      walk(root, (node) => {
        if (!Array.isArray(node.fills)) return;
        for (const paint of node.fills) if (paint.type === 'IMAGE' && paint.imageHash) hashes.add(paint.imageHash);
      });
    }
    return [...hashes];
  },
  planSelection(nodes, images: ReadonlyMap<string, ImageInfo>): SelectionReport {
    const report: SelectionReport = { selectedCount: nodes.length, targets: [], refusals: [] };
    for (const frame of nodes) {
      let imageNode: NodeSnapshot | undefined = imageIndex(frame) >= 0 ? frame : undefined;
      if (!imageNode) for (const child of frame.children) walk(child, (node) => (imageNode ??= imageIndex(node) >= 0 ? node : undefined));
      const index = imageNode ? imageIndex(imageNode) : -1;
      const paint = imageNode && Array.isArray(imageNode.fills) ? imageNode.fills[index] : undefined;
      const info = paint?.imageHash ? images.get(paint.imageHash) : undefined;
      if (!imageNode || !paint) {
        report.refusals.push({ nodeId: frame.id, nodeName: frame.name, error: { code: 'no-image', message: STUB_NO_IMAGE_MESSAGE } });
      } else if (paint.scaleMode === 'TILE') {
        report.refusals.push({ nodeId: frame.id, nodeName: frame.name, error: { code: 'tile', message: STUB_TILE_MESSAGE } });
      } else if (!info) {
        report.refusals.push({ nodeId: frame.id, nodeName: frame.name, error: { code: 'image-missing', message: 'Image unavailable.' } });
      } else {
        const target: Target = {
          nodeId: frame.id,
          nodeName: frame.name,
          kind: imageNode === frame ? 'fill' : 'layer',
          imageNodeId: imageNode.id,
          imageNodeName: imageNode.name,
          paintIndex: index,
          frame: { width: frame.width, height: frame.height },
          image: { hash: info.hash, width: info.width, height: info.height, format: info.format },
          status: paint.scaleMode === 'FILL' && imageNode === frame ? 'covered' : 'ready',
          plan: samplePlan(),
          notes: [],
          fingerprint: fingerprint(frame, imageNode, paint),
        };
        report.targets.push(target);
      }
    }
    return report;
  },
};
