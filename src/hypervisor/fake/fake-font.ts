// A 5x7 bitmap font drawn for homenova's simulated display (printable ASCII),
// so the fake driver's guests can show text on a screen without a font file.
// Each glyph is 7 rows, one character per row from FONT_DIGITS, whose index
// is the row's 5 pixels as bits (16 = leftmost).

const FONT_DIGITS = '0123456789abcdefghijklmnopqrstuv'

// Glyphs for 0x20 (space) to 0x7e (~), 7 characters each.
const GLYPHS =
  '00000004444404aaa0000aavavaa4fke5u4op248j3cik8lid44400002488842842224804lel40044v4400000c48000v00000000cc01248g0' +
  'ehjlphe4c4444eeh1248vv2421he26aiv22vgu11he68guhhev124888ehhehheehhf12c0cc0cc00cc0c48248g84200v0v008421248eh12404' +
  'eh1dlleehhvhhhuhhuhhuehggghesihhhisvgguggvvggugggehgnhhfhhhvhhhe44444e72222ichikokihggggggvhrllhhhhhpljhhehhhhhe' +
  'uhhugggehhhliduhhukihfgge11uv444444hhhhhhehhhhha4hhhlllahha4ahhhhha444v1248gve88888e0g84210e22222e4ah0000000000v' +
  '842000000e1fhfggmphhu00egghe11djhhf00ehvge698s8880fhhf1eggmphhh40c444e20622icggikokic44444e00qllhh00mphhh00ehhhe' +
  '00uhugg00djf1100mpggg00ege1u88s889600hhhjd00hhha400hhlla00ha4ah00hhf1e00v248v244844244444448442448008l200'

/** Glyph width and height in pixels. */
export const GLYPH_WIDTH = 5
export const GLYPH_HEIGHT = 7

/** Whether pixel (x, y) of the glyph for `ch` is ink; characters outside printable ASCII show as '?'. */
export function glyphPixel(ch: string, x: number, y: number): boolean {
  let code = ch.charCodeAt(0)
  if (!(code >= 0x20 && code <= 0x7e)) code = 0x3f
  const row = FONT_DIGITS.indexOf(GLYPHS[(code - 0x20) * GLYPH_HEIGHT + y])
  return ((row >> (GLYPH_WIDTH - 1 - x)) & 1) === 1
}
