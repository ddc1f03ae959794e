/* QR codes as SVG, for showing a TOTP key URI to an authenticator app (SLA-22, WP-12). The UI
 * embeds the image as <img src="data:image/svg+xml;base64,...">, which the CSP allows
 * (img-src data:); no script and no external request is involved. */
#ifndef AN_MFA_QR_H
#define AN_MFA_QR_H

/* Encodes text (8-bit mode, error correction level M, smallest version that fits) and returns a
 * standalone SVG document, malloc'd: a white background rect and one black <path> with one
 * unit square per dark module, a 4-module quiet zone, viewBox in module units and
 * shape-rendering="crispEdges". Returns NULL when text is NULL or empty, too long for a QR
 * code, or libqrencode fails. */
char *an_qr_svg(const char *text);
/* Returns the same SVG as a "data:image/svg+xml;base64,..." URI (standard base64 with padding),
 * malloc'd; NULL in the same cases as an_qr_svg. */
char *an_qr_svg_data_uri(const char *text);

#endif
