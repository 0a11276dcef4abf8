// The one fontkit call Lumbung makes (fontkit ships no types): parse a font file once, for every PDF.
declare module 'fontkit' {
  export interface Font {
    layout(text: string): unknown;
  }
  export function create(buffer: Uint8Array): Font;
}
