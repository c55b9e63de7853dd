<?xml version="1.0" encoding="UTF-8"?>
<!--
  Templates every stage stylesheet includes. XSLT 1.0, so that the same files
  run on lxml (libxslt) and on Saxon.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Every stage writes the canonical form of scenario documents (no
       declaration, 2-space indentation, as the original wrote them); the
       input's indentation is not content. -->
  <xsl:output method="xml" encoding="UTF-8" omit-xml-declaration="yes" indent="yes"/>
  <xsl:strip-space elements="*"/>

  <!-- Identity: a stage copies everything it has no rule for, unchanged
       (docs/values.md V6: an attribute a stage does not change is written
       back exactly as it was read). -->
  <xsl:template match="*">
    <xsl:copy>
      <!-- no stylesheet has a template for attributes: they are copied,
           not matched one by one (which large scenarios pay for) -->
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="@*|text()|comment()|processing-instruction()">
    <xsl:copy/>
  </xsl:template>

  <!-- "/*[1]/*[3]/..." path of the context element: error messages carry it
       so that schism can report the input file's line number. -->
  <xsl:template name="locate">
    <xsl:for-each select="ancestor-or-self::*">
      <xsl:text>/*[</xsl:text>
      <xsl:value-of select="count(preceding-sibling::*) + 1"/>
      <xsl:text>]</xsl:text>
    </xsl:for-each>
  </xsl:template>

  <!-- Stop the stage with a located error: `error|LOCATION|MESSAGE` (see
       schism/engine.py). The context node is the element in error. -->
  <xsl:template name="fail">
    <xsl:param name="message"/>
    <xsl:variable name="location">
      <xsl:call-template name="locate"/>
    </xsl:variable>
    <xsl:message terminate="yes">
      <xsl:value-of select="concat('error|', $location, '|', $message)"/>
    </xsl:message>
  </xsl:template>

  <!-- LIST value of every CPU below $n: "[0,1,...,n-1]". -->
  <xsl:template name="cpu-list">
    <xsl:param name="n"/>
    <xsl:text>[</xsl:text>
    <xsl:call-template name="cpu-range">
      <xsl:with-param name="i" select="0"/>
      <xsl:with-param name="n" select="$n"/>
    </xsl:call-template>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- CPUs i to n-1, comma-separated. Halves the range on each call, so
       the depth of the recursion is log2(n) (libxslt stops templates nested
       3000 deep, and a linear recursion made ncpus="4000" fail). -->
  <xsl:template name="cpu-range">
    <xsl:param name="i"/>
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n - $i &gt; 1">
        <xsl:variable name="middle" select="floor(($i + $n) div 2)"/>
        <xsl:call-template name="cpu-range">
          <xsl:with-param name="i" select="$i"/>
          <xsl:with-param name="n" select="$middle"/>
        </xsl:call-template>
        <xsl:call-template name="cpu-range">
          <xsl:with-param name="i" select="$middle"/>
          <xsl:with-param name="n" select="$n"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$n - $i = 1">
        <xsl:if test="$i &gt; 0">,</xsl:if>
        <xsl:value-of select="$i"/>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A LIST value in its canonical form (docs/values.md V3): "*" stays,
       "[ 00, 1 ]" becomes "[0,1]". Splits the list near its middle on each
       call: recursion depth log2 of its length. -->
  <xsl:template name="canonical-list">
    <xsl:param name="list"/>
    <xsl:variable name="text" select="normalize-space($list)"/>
    <xsl:choose>
      <xsl:when test="$text = '*'">*</xsl:when>
      <xsl:otherwise>
        <xsl:text>[</xsl:text>
        <xsl:call-template name="canonical-entries">
          <xsl:with-param name="entries"
              select="translate(substring-before(substring-after($text, '['), ']'), ' ', '')"/>
        </xsl:call-template>
        <xsl:text>]</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="canonical-entries">
    <xsl:param name="entries"/>
    <xsl:variable name="rest" select="substring($entries, floor(string-length($entries) div 2) + 1)"/>
    <xsl:choose>
      <xsl:when test="not(contains($entries, ','))">
        <xsl:if test="$entries != ''"><xsl:value-of select="number($entries)"/></xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <!-- the first comma in the second half, else the first one -->
        <xsl:variable name="left">
          <xsl:choose>
            <xsl:when test="contains($rest, ',')">
              <xsl:value-of select="concat(substring($entries, 1, string-length($entries) - string-length($rest)), substring-before($rest, ','))"/>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="substring-before($entries, ',')"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:call-template name="canonical-entries">
          <xsl:with-param name="entries" select="$left"/>
        </xsl:call-template>
        <xsl:text>,</xsl:text>
        <xsl:call-template name="canonical-entries">
          <xsl:with-param name="entries" select="substring($entries, string-length($left) + 2)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Numeric value of a HEX attribute ("0x" optional). Exact up to 2^53,
       which covers every size a stylesheet compares. -->
  <xsl:template name="hex-value">
    <xsl:param name="hex"/>
    <xsl:param name="acc" select="0"/>
    <xsl:variable name="digits">
      <xsl:choose>
        <xsl:when test="starts-with($hex, '0x') or starts-with($hex, '0X')">
          <xsl:value-of select="substring($hex, 3)"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$hex"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$digits = ''">
        <xsl:value-of select="$acc"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="hex-value">
          <xsl:with-param name="hex" select="substring($digits, 2)"/>
          <xsl:with-param name="acc"
              select="$acc * 16 + string-length(substring-before('0123456789abcdef',
                      translate(substring($digits, 1, 1), 'ABCDEF', 'abcdef')))"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The letters of $want that $have lacks, in the order of $want. -->
  <xsl:template name="missing-letters">
    <xsl:param name="have"/>
    <xsl:param name="want"/>
    <xsl:if test="$want != ''">
      <xsl:variable name="c" select="substring($want, 1, 1)"/>
      <xsl:if test="not(contains($have, $c))">
        <xsl:value-of select="$c"/>
      </xsl:if>
      <xsl:call-template name="missing-letters">
        <xsl:with-param name="have" select="$have"/>
        <xsl:with-param name="want" select="substring($want, 2)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The first letter of $have that also occurs in $forbidden ('' if none). -->
  <xsl:template name="first-common-letter">
    <xsl:param name="have"/>
    <xsl:param name="forbidden"/>
    <xsl:if test="$have != ''">
      <xsl:choose>
        <xsl:when test="contains($forbidden, substring($have, 1, 1))">
          <xsl:value-of select="substring($have, 1, 1)"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="first-common-letter">
            <xsl:with-param name="have" select="substring($have, 2)"/>
            <xsl:with-param name="forbidden" select="$forbidden"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
