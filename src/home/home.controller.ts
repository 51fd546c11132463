import { Controller, Get, Redirect, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../common/http/access.decorators';

const INFORMATION_PAGES = ['accessibility', 'privacy', 'contact'];

@Controller()
export class HomeController {
  /** The start page: what the service does, what you need, and each role's way to its work. */
  @Public()
  @Get()
  @Render('home/index')
  home(@Req() req: Request) {
    return { pageTitle: req.t('home.title'), role: req.user?.role, signedIn: req.user !== undefined };
  }

  /** Browsers ask for /favicon.ico on their own; the icon is an SVG among the assets. */
  @Public()
  @Get('favicon.ico')
  @Redirect('/assets/favicon.svg', 301)
  favicon(): void {}

  @Public()
  @Get(INFORMATION_PAGES)
  @Render('home/information')
  information(@Req() req: Request) {
    const page = req.path.slice(1);
    const paragraphs = [1, 2, 3, 4].map((n) => `${page}.p${n}`).map((key) => ({ key, text: req.t(key) }));
    return { pageTitle: req.t(`${page}.title`), paragraphs: paragraphs.filter((p) => p.text !== p.key).map((p) => p.text) };
  }
}
