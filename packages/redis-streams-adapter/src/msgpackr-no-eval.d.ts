// msgpackr's no-eval decoder build ships without its own declarations: same API as msgpackr's.
declare module "msgpackr/unpack-no-eval" {
  export { Unpackr } from "msgpackr";
}
