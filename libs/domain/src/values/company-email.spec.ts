import { checkCompanyEmail } from './company-email';

describe('company email (R-FORM-1)', () => {
  it('takes an address whose local part is in any script, and a domain in ASCII', () => {
    for (const email of ['export@formosa.example', 'export.dept+tw@mail.formosa.example', '出口@formosa.example']) expect([email, checkCompanyEmail(email).ok]).toEqual([email, true]);
  });

  it('refuses control and format characters in the local part: an SMTP server refuses them, a reader sees them reordered', () => {
    for (const email of ['ex\u001aport@formosa.example', 'export\u0000@formosa.example', 'exp\u202eort@formosa.example', 'export\u200f@formosa.example', 'ex\ud800port@formosa.example']) {
      expect([email, checkCompanyEmail(email).ok]).toEqual([email, false]);
    }
  });
});
