import Handlebars from 'handlebars';
import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ReportModel } from './report-model';

const htmlTemplate = Handlebars.compile<ReportModel>(readFileSync(join(__dirname, 'templates', 'report.html.hbs'), 'utf8'), {
  strict: true,
});

/** The report as a standalone HTML page (Handlebars escapes every value). */
export function renderReportHtml(model: ReportModel): string {
  // The doctype is written here: Prettier's Handlebars printer drops it from templates.
  return `<!doctype html>\n${htmlTemplate(model)}`;
}

/** The same report as a PDF, streamed as pdfkit lays it out. */
export function renderReportPdf(model: ReportModel): Readable {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${model.title} — ${model.controller}` }, lang: model.language });
  doc.fontSize(10).fillColor('#444').text(model.controller);
  doc.moveDown(0.5).fontSize(18).fillColor('#000').text(model.title);
  doc.moveDown(0.5).fontSize(10);
  for (const { label, value } of model.meta)
    doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
  doc.moveDown(0.5).text(model.intro);
  if (model.warning) doc.moveDown(0.5).fillColor('#8a5a00').text(model.warning).fillColor('#000');
  for (const section of model.sections) {
    doc.moveDown(1).font('Helvetica-Bold').fontSize(13).text(section.heading).font('Helvetica').fontSize(10);
    for (const paragraph of section.paragraphs) doc.moveDown(0.3).text(paragraph);
    for (const item of section.items) {
      doc.moveDown(0.3).font('Helvetica-Bold').text(`• ${item.title}`).font('Helvetica');
      for (const line of item.lines) doc.text(line, { indent: 14 });
    }
  }
  doc.end();
  return doc as unknown as Readable;
}
