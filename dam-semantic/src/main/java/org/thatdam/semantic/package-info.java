/**
 * Models that run in-process through ONNX Runtime: reading the text shown in a frame ({@code ocr}) and turning text
 * and pictures into vectors ({@code embed}). Nothing here starts a process, opens a network connection or touches
 * the catalog; callers hand in pixels and strings and get back records.
 */
package org.thatdam.semantic;
