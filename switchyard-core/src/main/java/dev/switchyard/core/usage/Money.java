package dev.switchyard.core.usage;

import java.math.BigDecimal;

/**
 * Money is counted in whole picodollars (10<sup>-12</sup> USD) held in a {@code long}. A price per million tokens with
 * at most six decimals is then an exact whole number of picodollars per token, so no cost is ever rounded. A
 * {@code long} holds about 9.2 million dollars, far beyond any one request or daily rollup.
 */
public final class Money {

    /** Picodollars in one US dollar. */
    public static final long PICOS_PER_USD = 1_000_000_000_000L;

    private Money() {
    }

    /**
     * Converts a price in USD per million tokens to exact picodollars per token.
     *
     * @throws IllegalArgumentException when the price has more than six decimals or is negative
     */
    public static long perMillionToPicosPerToken(BigDecimal usdPerMillion) {
        if (usdPerMillion.signum() < 0) {
            throw new IllegalArgumentException("price: " + usdPerMillion + " (expected: >= 0)");
        }
        try {
            return usdPerMillion.movePointRight(6).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "price: " + usdPerMillion + " per million tokens (expected: at most 6 decimals)", e);
        }
    }

    /**
     * Converts a price in USD per unit (for example per request) to exact picodollars.
     *
     * @throws IllegalArgumentException when the price is finer than a picodollar or negative
     */
    public static long usdToPicos(BigDecimal usd) {
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("price: " + usd + " (expected: >= 0)");
        }
        if (usd.compareTo(MAX_USD) > 0) {
            throw new IllegalArgumentException("price: " + usd.toPlainString() + " USD (expected: at most "
                    + MAX_USD.toPlainString() + ", the largest amount held exactly)");
        }
        try {
            return usd.movePointRight(12).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("price: " + usd + " USD (expected: at most 12 decimals)", e);
        }
    }

    /** The largest amount of money held exactly: {@code Long.MAX_VALUE} picodollars, about 9.2 million USD. */
    public static final BigDecimal MAX_USD = BigDecimal.valueOf(Long.MAX_VALUE, 12);

    /** Picodollars as a plain USD decimal, e.g. {@code 0.00042}; zero is {@code 0}. */
    public static BigDecimal toUsd(long picos) {
        BigDecimal usd = BigDecimal.valueOf(picos, 12).stripTrailingZeros();
        return usd.signum() == 0 ? BigDecimal.ZERO : usd;
    }

    /** Picodollars per token as OpenRouter's per-token USD string, e.g. {@code "0.00000015"}. */
    public static String perTokenUsdString(long picosPerToken) {
        return toUsd(picosPerToken).toPlainString();
    }
}
