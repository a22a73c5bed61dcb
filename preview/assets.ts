// Builds the preview's bundle (the plugin's real files + the preview entry) once at start.
export interface PreviewAssets {
  js: Buffer;
  css: Buffer;
  /** Short content hash, part of the asset URLs. */
  hash: string;
}

export async function buildPreviewAssets(_options: { production: boolean }): Promise<PreviewAssets> {
  throw new Error("not yet");
}
