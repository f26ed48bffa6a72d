package dev.harmonica.tools.bfcl.py;

/**
 * A Python object that Harmonica only needs to print and compare: e.g. {@code mpf('2.0')} or {@code Decimal('4')}.
 *
 * @param typeName  Python type name ({@code mpf}, {@code Decimal}, …)
 * @param repr      its {@code repr()}
 * @param str       its {@code str()}
 * @param numeric   its numeric value when it is a number (for {@code ==}), else null
 */
public record PyReprObject(String typeName, String repr, String str, Double numeric) {
}
