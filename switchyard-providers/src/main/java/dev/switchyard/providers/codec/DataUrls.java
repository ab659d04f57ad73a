package dev.switchyard.providers.codec;

import dev.switchyard.core.ir.Part;

/** {@code data:} URLs, the way OpenAI-format clients send inline images and files. */
public final class DataUrls {

    private DataUrls() {
    }

    /** An image part from a URL that may be a {@code data:<type>;base64,<data>} URL. */
    public static Part.Image image(String url, String detail) {
        if (url.startsWith("data:")) {
            int semi = url.indexOf(';');
            int comma = url.indexOf(',');
            if (semi > 5 && comma > semi && url.substring(semi, comma).equals(";base64")) {
                return new Part.Image("", url.substring(5, semi), url.substring(comma + 1), detail,
                        dev.switchyard.core.ir.CacheMark.NONE);
            }
        }
        return new Part.Image(url, "", "", detail, dev.switchyard.core.ir.CacheMark.NONE);
    }
}
