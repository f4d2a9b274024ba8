"""QR codes drawn on the server as SVG, so a poster needs no script and no outside service."""

import qrcode
import qrcode.constants
from qrcode.image.svg import SvgPathFillImage


def qr_svg(data):
    """An SVG QR code of `data` on white, with the quiet zone a camera needs around it.

    Error correction M survives a poster that is creased or a little dirty
    without making the code so dense that a phone held back cannot read it.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    return code.make_image(image_factory=SvgPathFillImage).to_string(encoding="unicode")
